import { t } from '../../i18n/client.ts'
import { api } from '../lib/api.ts'
import { coarseCellOf, type CoarseCell } from '../lib/coarse-cell.ts'
import { onSubmit, showError, text } from '../lib/forms.ts'
import type { LazyPlaceMap } from '../lib/lazy-map.ts'
import { attachPlacePicker } from '../lib/place-picker.ts'
import { progressBox } from '../lib/progress.ts'
import { uploadForm } from '../lib/upload.ts'
import { localInputToIso, toLocalInputValue } from '../owners/local-time.ts'

interface GuestCreated {
  readonly link: string
}

/** The one-time link, shown once: the server keeps only its hash and can never show it again. */
function showLink(created: GuestCreated) {
  const link = document.createElement('a')
  link.href = created.link
  link.textContent = t('guest.sent.link')
  link.id = 'guest-link'
  const address = document.createElement('code')
  address.textContent = new URL(created.link, window.location.href).toString()
  const notice = document.createElement('div')
  notice.className = 'notice stack'
  const words = document.createElement('p')
  words.textContent = t('guest.sent')
  const line = document.createElement('p')
  line.append(link)
  notice.append(words, address, line)
  document.querySelector<HTMLElement>('#guest-sent')!.replaceChildren(notice)
}

/** Guest help on a lost pet's page (neighbours/guest-help.tsx); does nothing where the forms are not shown. */
export function attachGuestHelp(petId: string) {
  const message = document.querySelector<HTMLFormElement>('#guest-message')
  if (message)
    onSubmit(message, async (data) => {
      const json = { body: text(data, 'body'), ...(text(data, 'website') && { website: text(data, 'website') }) }
      showLink(await api<GuestCreated>(`/api/lost-pets/${petId}/guest-messages`, { method: 'POST', json }))
      message.reset()
    })
  const sighting = document.querySelector<HTMLFormElement>('#guest-sighting')
  if (sighting) attachSightingForm(sighting, petId)
}

function attachSightingForm(form: HTMLFormElement, petId: string) {
  const seenAt = form.querySelector<HTMLInputElement>('#seen-at')!
  seenAt.value = toLocalInputValue(new Date())
  seenAt.max = seenAt.value
  let area: CoarseCell | undefined
  const map: LazyPlaceMap = attachPlacePicker(form.querySelector<HTMLElement>('fieldset.place')!, (point) => {
    area = coarseCellOf(point)
    map.setOutline(area.outline)
  })
  onSubmit(form, async (data) => {
    const when = localInputToIso(text(data, 'seenAt'))
    if (!area) return showError(form, t('guest.sighting.noPlace'))
    if (!when) return showError(form, t('guest.sighting.noTime'))
    const body = new FormData()
    body.set('seenAt', when)
    // The area's centre stands for the place: the server keeps the same coarse cell, and the pin stays here.
    body.set('lat', area.center.lat.toFixed(6))
    body.set('lng', area.center.lng.toFixed(6))
    for (const name of ['note', 'website']) if (text(data, name)) body.set(name, text(data, name))
    const photo = data.get('photo')
    if (photo instanceof File && photo.size > 0) body.set('photo', photo)
    const progress = progressBox('sighting-progress')
    try {
      showLink(
        await uploadForm<GuestCreated>(`/api/lost-pets/${petId}/guest-sightings`, body, (phase) =>
          progress.upload(phase, t('guest.sighting.checking')),
        ),
      )
    } finally {
      progress.hide()
    }
    form.reset()
    seenAt.value = toLocalInputValue(new Date())
  })
}
