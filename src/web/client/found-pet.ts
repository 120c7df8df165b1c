import { api, ApiError, pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { localiseTimes } from './owners/local-time.ts'
import { t } from '../i18n/client.ts'

const { area, id, confirmClose } = pageData<{ area: CoarseAreaData; id: string; confirmClose: string }>()
localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, t('found.mapLabel'))

// The finder closes their own report: it leaves the feed and is matched no more.
const close = document.querySelector<HTMLButtonElement>('button[data-close-found]')
close?.addEventListener('click', async () => {
  if (!window.confirm(confirmClose)) return
  close.disabled = true
  try {
    await api(`/api/found-pets/${id}/close`, { method: 'POST' })
    window.location.reload()
  } catch (error) {
    close.disabled = false
    document.querySelector<HTMLElement>('#finder-actions .form-error')!.textContent =
      error instanceof ApiError ? error.message : t('client.failed')
  }
})
