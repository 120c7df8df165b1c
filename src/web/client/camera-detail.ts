import { api, pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { onSubmit, showError } from './lib/forms.ts'
import { localiseTimes } from './owners/local-time.ts'
import { pageLocale, t } from '../i18n/client.ts'
import type { MessageKey } from '../i18n/messages.ts'

const { cameraId, area, serverUrl } = pageData<{ cameraId: string; area: CoarseAreaData; serverUrl: string }>()
const base = `/api/cameras/${cameraId}`

localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, t('camera.detail.mapLabel'))

const pairButton = document.querySelector<HTMLButtonElement>('#pairing-code')
pairButton?.addEventListener('click', async () => {
  const section = document.querySelector<HTMLElement>('#pairing')!
  const error = section.querySelector<HTMLElement>('.form-error')!
  error.textContent = ''
  pairButton.disabled = true
  try {
    const { code, expiresAt } = await api<{ code: string; expiresAt: string }>(`${base}/pairing-code`, {
      method: 'POST',
    })
    document.querySelector('#code')!.textContent = code
    document.querySelector('#code-expiry')!.textContent = new Date(expiresAt).toLocaleTimeString(pageLocale, {
      timeStyle: 'short',
    })
    document.querySelector('#pair-command')!.textContent = `npx homeward-agent pair ${serverUrl} ${code}`
    document.querySelector<HTMLElement>('#pairing-result')!.hidden = false
    pairButton.textContent = t('camera.detail.pair.again')
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : t('camera.detail.pair.failed')
  } finally {
    pairButton.disabled = false
  }
})

const retention = document.querySelector<HTMLFormElement>('#retention-form')!
onSubmit(retention, async (data) => {
  const saved = retention.querySelector<HTMLElement>('.saved')!
  saved.textContent = ''
  const camera = await api<{ retentionHours: number }>(base, {
    method: 'PATCH',
    json: { retentionHours: Number(data.get('retentionHours')) },
  })
  const time = t(camera.retentionHours === 1 ? 'camera.hours.one' : 'camera.hours.other', { n: camera.retentionHours })
  saved.textContent = t('camera.detail.retentionSaved', { time })
  document.querySelector('#retention-hint')!.textContent = t('camera.detail.retentionNow', { time })
})

const renew = document.querySelector<HTMLFormElement>('#renew')!
onSubmit(renew, async (data) => {
  const version = data.get('consent')
  if (typeof version !== 'string') {
    renew.querySelector('details')!.open = true
    showError(renew, t('camera.detail.tick'))
    return
  }
  await api(`${base}/consent`, { method: 'POST', json: { version, accepted: true } })
  window.location.reload()
})

const start = document.querySelector<HTMLButtonElement>('#revoke-start')
const confirm = document.querySelector<HTMLElement>('#revoke-confirm')
start?.addEventListener('click', () => {
  confirm!.hidden = false
  start.setAttribute('aria-expanded', 'true')
  document.querySelector<HTMLButtonElement>('#revoke-yes')!.focus()
})
document.querySelector('#revoke-no')?.addEventListener('click', () => {
  confirm!.hidden = true
  start!.setAttribute('aria-expanded', 'false')
  start!.focus()
})
document.querySelector<HTMLButtonElement>('#revoke-yes')?.addEventListener('click', async (event) => {
  const yes = event.currentTarget as HTMLButtonElement
  const error = confirm!.querySelector<HTMLElement>('.form-error')!
  error.textContent = ''
  yes.disabled = true
  try {
    const result = await api<{ deletedSightings: number; revokedTokens: number; withdrawnAlerts: number }>(
      `${base}/consent`,
      { method: 'DELETE' },
    )
    document.querySelector('#revoke')!.remove()
    document.querySelector('#pairing')?.remove()
    const badge = document.querySelector<HTMLElement>('#consent-section .badge')!
    badge.textContent = t('camera.status.revoked')
    badge.className = 'badge status-revoked'
    badge.nextSibling?.parentNode?.replaceChildren(badge, document.createTextNode(t('camera.detail.revoke.justNow')))
    const notice = document.createElement('p')
    notice.className = 'notice'
    const n = (count: number, one: MessageKey, other: MessageKey) => t(count === 1 ? one : other, { n: count })
    notice.textContent = t('camera.detail.revoke.done', {
      sightings: n(
        result.deletedSightings,
        'camera.detail.revoke.sightings.one',
        'camera.detail.revoke.sightings.other',
      ),
      tokens: n(result.revokedTokens, 'camera.detail.revoke.tokens.one', 'camera.detail.revoke.tokens.other'),
      alerts: n(result.withdrawnAlerts, 'camera.detail.revoke.alerts.one', 'camera.detail.revoke.alerts.other'),
    })
    document.querySelector('#revoke-result')!.append(notice)
    const summary = renew.querySelector('summary')
    if (summary) summary.textContent = t('camera.detail.optInSummary')
    renew.querySelector('button[type=submit]')!.textContent = t('camera.detail.optIn')
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : t('camera.detail.revoke.failed')
    yes.disabled = false
  }
})
