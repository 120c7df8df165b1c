import { api } from './lib/api.ts'
import { coarseCellOf, type CoarseCell } from './lib/coarse-cell.ts'
import { onSubmit, showError, text } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import type { LazyPlaceMap } from './lib/lazy-map.ts'
import { t } from '../i18n/client.ts'

const form = document.querySelector<HTMLFormElement>('#camera-new')!
const fieldset = form.querySelector<HTMLElement>('fieldset.place')!
const status = document.querySelector<HTMLElement>('#area-status')!
let area: CoarseCell | undefined

const map: LazyPlaceMap = attachPlacePicker(fieldset, (point) => {
  area = coarseCellOf(point)
  map.setOutline(area.outline)
  status.textContent = t('camera.new.area', { cell: area.cell })
})
form.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = false

onSubmit(form, async (data) => {
  if (!area) {
    showError(form, t('camera.new.needPlace'))
    return
  }
  const consent = data.get('consent')
  // Only the cell leaves the browser: the pin's coordinates are not part of the request.
  const camera = await api<{ id: string }>('/api/cameras', {
    method: 'POST',
    json: {
      name: text(data, 'name'),
      cell: area.cell,
      retentionHours: Number(data.get('retentionHours')),
      consent: { version: String(consent), accepted: true },
    },
  })
  window.location.assign(`/cameras/${camera.id}?registered`)
})
