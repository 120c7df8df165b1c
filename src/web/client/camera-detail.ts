import { api, pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { onSubmit, showError } from './lib/forms.ts'
import { localiseTimes } from './owners/local-time.ts'

const { cameraId, area, serverUrl } = pageData<{ cameraId: string; area: CoarseAreaData; serverUrl: string }>()
const base = `/api/cameras/${cameraId}`

localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, 'Map of the coarse area stored for this camera')

const pairButton = document.querySelector<HTMLButtonElement>('#pairing-code')
pairButton?.addEventListener('click', async () => {
  const section = document.querySelector<HTMLElement>('#pairing')!
  const error = section.querySelector<HTMLElement>('.form-error')!
  error.textContent = ''
  pairButton.disabled = true
  try {
    const { code, expiresAt } = await api<{ code: string; expiresAt: string }>(`${base}/pairing-code`, { method: 'POST' })
    document.querySelector('#code')!.textContent = code
    document.querySelector('#code-expiry')!.textContent = new Date(expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })
    document.querySelector('#pair-command')!.textContent = `npx homeward-agent pair ${serverUrl} ${code}`
    document.querySelector<HTMLElement>('#pairing-result')!.hidden = false
    pairButton.textContent = 'Get a new code'
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : 'Could not get a code. Please try again.'
  } finally {
    pairButton.disabled = false
  }
})

const retention = document.querySelector<HTMLFormElement>('#retention-form')!
onSubmit(retention, async (data) => {
  const saved = retention.querySelector<HTMLElement>('.saved')!
  saved.textContent = ''
  const camera = await api<{ retentionHours: number }>(base, { method: 'PATCH', json: { retentionHours: Number(data.get('retentionHours')) } })
  saved.textContent = `Saved: sightings are now kept for ${camera.retentionHours} hours.`
  document.querySelector('#retention-hint')!.textContent = `Now ${camera.retentionHours} hours. Shortening it deletes older sightings at once.`
})

const renew = document.querySelector<HTMLFormElement>('#renew')!
onSubmit(renew, async (data) => {
  const version = data.get('consent')
  if (typeof version !== 'string') {
    renew.querySelector('details')!.open = true
    showError(renew, 'Tick the box to agree to the opt-in text first.')
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
    const result = await api<{ deletedSightings: number; revokedTokens: number; withdrawnAlerts: number }>(`${base}/consent`, { method: 'DELETE' })
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
    document.querySelector('#revoke')!.remove()
    document.querySelector('#pairing')?.remove()
    const badge = document.querySelector<HTMLElement>('#consent-section .badge')!
    badge.textContent = 'Revoked'
    badge.className = 'badge status-revoked'
    badge.nextSibling?.parentNode?.replaceChildren(badge, document.createTextNode(' just now'))
    const notice = document.createElement('p')
    notice.className = 'notice'
    notice.textContent =
      `Consent revoked. ${plural(result.deletedSightings, 'sighting was', 'sightings were')} deleted, ` +
      `${plural(result.revokedTokens, 'agent token', 'agent tokens')} stopped and ` +
      `${plural(result.withdrawnAlerts, 'pending alert', 'pending alerts')} withdrawn.`
    document.querySelector('#revoke-result')!.append(notice)
    const summary = renew.querySelector('summary')
    if (summary) summary.textContent = 'Opt this camera in again'
    renew.querySelector('button[type=submit]')!.textContent = 'Opt in again'
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : 'Could not revoke. Please try again.'
    yes.disabled = false
  }
})
