import type { Species } from '../../contracts/species.ts'
import { api, ApiError } from './lib/api.ts'
import { attachPushButton } from './lib/push-subscribe.ts'
import { timeElement } from './lib/time-element.ts'
import { t } from '../i18n/client.ts'
import { previewFigure, setUpPreviewKey } from './cameras/alert-preview.ts'

interface Alert {
  readonly id: string
  readonly status: 'pending' | 'dismissed' | 'shared' | 'withdrawn'
  readonly camera: { readonly id: string; readonly name: string }
  readonly pet: {
    readonly searchId: string
    readonly name: string
    readonly species: Species
    readonly photoUrl: string | null
    readonly searchStatus: string
  }
  readonly bestSimilarity: number
  readonly sightings: readonly { readonly capturedAt: string; readonly similarity: number }[]
  /** Set once the owner asked their agent to share (from the alerts-push API). */
  readonly shareRequestedAt?: string | null
  /** The pet owner has a key to seal a snapshot to; a share requested before that waits on the agent. */
  readonly shareReady: boolean
  readonly createdAt: string
}

attachPushButton(
  document.querySelector<HTMLButtonElement>('#push-enable')!,
  document.querySelector<HTMLElement>('#push-status')!,
)

const pendingList = document.querySelector<HTMLElement>('#pending-alerts')!
const answeredList = document.querySelector<HTMLElement>('#answered-alerts')!
const live = document.querySelector<HTMLElement>('#alerts-live')!

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

const statusWords = (status: Alert['status']) => t(`camera.alert.status.${status}`)
const snapshotWords = (status: Alert['status']) => t(`camera.alert.snapshot.${status}`)

function card(alert: Alert): HTMLElement {
  const latest = [...alert.sightings].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt))[0]
  const headingId = `alert-${alert.id}`
  const item = el('li', { className: 'card alert-card' })
  item.dataset.alertId = alert.id
  item.setAttribute('aria-labelledby', headingId)
  const petPhoto = alert.pet.photoUrl
    ? el('img', {
        className: 'pet-photo',
        src: alert.pet.photoUrl,
        alt: t(`camera.alert.photo.${alert.pet.species}`, { name: alert.pet.name }),
        loading: 'lazy',
      })
    : undefined
  // Before the decision, the lost pet beside the camera owner's own frame (decrypted here, never seen by the server).
  if (alert.status === 'pending')
    item.append(
      el(
        'div',
        { className: 'alert-compare' },
        el('figure', {}, ...(petPhoto ? [petPhoto] : []), el('figcaption', {}, t('preview.petCaption'))),
        previewFigure(alert),
      ),
    )
  else if (petPhoto) item.append(petPhoto)
  const body = el('div', { className: 'stack' })
  body.append(
    el(
      'h3',
      { id: headingId },
      el('a', { href: `/pets/${alert.pet.searchId}` }, alert.pet.name),
      t(`camera.alert.lost.${alert.pet.species}`),
    ),
    el('p', {}, el('span', { className: `badge alert-${alert.status}` }, statusWords(alert.status))),
    el(
      'p',
      {},
      t('camera.alert.seenBy', { camera: alert.camera.name }),
      latest ? timeElement(latest.capturedAt) : '',
      latest ? ' (' : '',
      latest ? timeElement(latest.capturedAt, 'absolute') : '',
      latest ? ')' : '',
      alert.sightings.length > 1 ? t('camera.alert.sightings', { count: alert.sightings.length }) : '',
    ),
    el(
      'p',
      { className: 'muted' },
      `${t('camera.alert.similarity', { percent: Math.round(alert.bestSimilarity * 100) })} ${snapshotWords(alert.status)}`,
    ),
  )
  if (alert.status === 'pending') body.append(actions(alert))
  item.append(body)
  return item
}

function actions(alert: Alert): HTMLElement {
  const box = el('div', { className: 'stack' })
  const error = el('p', { className: 'form-error' })
  error.setAttribute('role', 'alert')
  const requested = el('p', { className: 'notice' })
  requested.setAttribute('role', 'status')
  const share = el('button', { type: 'button', textContent: t('camera.alert.share') })
  share.setAttribute('aria-describedby', `share-hint-${alert.id}`)
  const dismiss = el('button', { type: 'button', className: 'secondary', textContent: t('camera.alert.dismiss') })
  const hint = el('p', { className: 'hint', id: `share-hint-${alert.id}` }, t('camera.alert.shareHint'))
  if (!alert.shareReady) hint.append(t('camera.alert.notReady'))
  const showRequested = (at: string) => {
    share.remove()
    requested.replaceChildren(
      t('camera.alert.requested'),
      timeElement(at),
      alert.shareReady ? t('camera.alert.requestedReady') : t('camera.alert.requestedWaiting'),
    )
  }
  if (alert.shareRequestedAt) showRequested(alert.shareRequestedAt)
  share.addEventListener('click', () =>
    run(share, error, async () => {
      const result = await api<{ shareRequestedAt: string }>(`/api/alerts/${alert.id}/share-request`, {
        method: 'POST',
      })
      showRequested(result.shareRequestedAt)
    }),
  )
  dismiss.addEventListener('click', () =>
    run(dismiss, error, async () => {
      await api(`/api/alerts/${alert.id}/dismiss`, { method: 'POST' })
      await load(t('camera.alert.dismissed', { name: alert.pet.name }))
    }),
  )
  box.append(el('div', { className: 'actions' }, share, dismiss), hint, requested, error)
  return box
}

async function run(button: HTMLButtonElement, error: HTMLElement, action: () => Promise<void>) {
  error.textContent = ''
  button.disabled = true
  try {
    await action()
  } catch (err) {
    error.textContent = err instanceof ApiError ? err.message : t('client.failed')
  } finally {
    button.disabled = false
  }
}

function fill(list: HTMLElement, alerts: readonly Alert[], empty: string) {
  list.replaceChildren(...(alerts.length ? alerts.map(card) : [el('li', { className: 'muted' }, empty)]))
}

async function load(announce?: string) {
  const { alerts } = await api<{ alerts: Alert[] }>('/api/alerts')
  fill(
    pendingList,
    alerts.filter((a) => a.status === 'pending'),
    t('camera.alert.noneWaiting'),
  )
  fill(
    answeredList,
    alerts.filter((a) => a.status !== 'pending'),
    t('camera.alert.noneAnswered'),
  )
  if (announce) live.textContent = announce
}

// The preview key first: each pending alert's frame is opened with it.
await setUpPreviewKey(
  document.querySelector<HTMLElement>('#preview-key')!,
  () => void load().catch(() => undefined),
).catch(() => undefined)
await load().catch(() => (live.textContent = t('camera.alert.loadFailed')))
live.textContent = t('camera.alert.upToDate')

// New and changed alerts arrive over the event stream; the page redraws from the API, the one source of truth.
if ('EventSource' in window) {
  const stream = new EventSource('/api/alerts/stream')
  stream.addEventListener('ready', () => (live.textContent = t('camera.alert.live')))
  const refresh = (event: Event) =>
    void load(event.type === 'alert.opened' ? t('camera.alert.arrived') : t('camera.alert.updated')).catch(
      () => undefined,
    )
  stream.addEventListener('alert.opened', refresh)
  stream.addEventListener('alert.updated', refresh)
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED) live.textContent = t('camera.alert.stopped')
  })
}
