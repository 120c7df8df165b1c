import { api, ApiError } from '../lib/api.ts'
import { t } from '../../i18n/client.ts'

/** The buttons of the held look-alike searches: release or refuse one, then show the page again without it. */
export function wireHoldDecisions(searchId: string) {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-hold-id]'))
    button.addEventListener('click', async () => {
      const decision = button.dataset.decision === 'release' ? 'release' : 'refuse'
      const question = decision === 'release' ? t('holds.confirmRelease') : t('holds.confirmRefuse')
      if (!window.confirm(question)) return
      const error = document.getElementById('holds-error')!
      error.textContent = ''
      button.disabled = true
      try {
        await api(`/api/searches/${searchId}/holds/${button.dataset.holdId}`, { method: 'POST', json: { decision } })
        window.location.reload()
      } catch (e) {
        error.textContent = e instanceof ApiError ? e.message : t('client.failed')
        button.disabled = false
      }
    })
}
