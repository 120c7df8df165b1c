import { api, ApiError, pageData } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'
import { LazyPlaceMap } from './lib/lazy-map.ts'
import { attachPushButton } from './lib/push-subscribe.ts'
import { wireHoldDecisions } from './owners/holds.ts'
import { confirmHome, wireThanks } from './owners/home-again.ts'
import { planShareKey } from './owners/key-file.ts'
import { currentShareKey, listShareKeys } from './owners/key-store.ts'
import { localiseTimes } from './owners/local-time.ts'
import { isShareSuite, openSealed, type ShareKey } from './owners/share-suite.ts'
import { describeTrailStep, trailSteps, type TrailPoint } from './owners/trail.ts'
import { t } from '../i18n/client.ts'

interface CoarseArea {
  readonly center: { lat: number; lng: number }
  readonly boundary: [number, number][]
  readonly areaKm2: number
}
interface SearchData {
  readonly id: string
  readonly name: string
  readonly sharePublicKey: string | null
  readonly lastSeen: { lat: number; lng: number }
  readonly lastSeenAt: string
  readonly area: CoarseArea
  readonly thanks?: { finder: string; camera: string }
}
interface ShareSummary {
  readonly id: string
  readonly capturedAt: string
  readonly area: CoarseArea
}
interface SealedShare extends ShareSummary {
  readonly suite: { kem: string; kdf: string; aead: string }
  readonly enc: string
  readonly ciphertext: string
}

const search = pageData<SearchData>()
const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!
attachPushButton($<HTMLButtonElement>('#push-enable'), $('#push-status'))
localiseTimes()
wireHoldDecisions(search.id)

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-action]'))
  button.addEventListener('click', async () => {
    const action = button.dataset.action!
    if (action === 'closed' && !window.confirm(t('search.closeConfirm', { name: search.name }))) return
    if (action === 'found' && !(await confirmHome())) return
    button.disabled = true
    $('#action-error').textContent = ''
    try {
      if (action === 'renew') await api(`/api/searches/${search.id}/renew`, { method: 'POST' })
      else if (action === 'reopen') await api(`/api/searches/${search.id}/reopen`, { method: 'POST' })
      else await api(`/api/searches/${search.id}/close`, { method: 'POST', json: { outcome: action } })
      window.location.reload()
    } catch (error) {
      $('#action-error').textContent = error instanceof ApiError ? error.message : t('client.failed')
      button.disabled = false
    }
  })

/** This device's keys, after registering one for the search if it has none. Says so when the search's key is elsewhere. */
async function keysForSearch(): Promise<ShareKey[]> {
  const status = $('#key-status')
  try {
    const keys = await listShareKeys()
    const plan = planShareKey(
      search.sharePublicKey,
      keys.map((k) => k.publicKey),
    )
    if (plan === 'register') {
      const key = await currentShareKey()
      await api(`/api/searches/${search.id}/share-key`, { method: 'PUT', json: { publicKey: key.publicKey } })
      return [key, ...keys.filter((k) => k.publicKey !== key.publicKey)]
    }
    if (plan === 'missing') {
      status.hidden = false
      status.className = 'warning'
      status.replaceChildren(
        t('search.keyMissing', { name: search.name }),
        Object.assign(document.createElement('a'), { href: '/key', textContent: t('search.importKey') }),
        '.',
        switchKeyOffer(),
      )
    }
    return keys
  } catch (error) {
    console.error('share keys', error)
    status.hidden = false
    status.className = 'warning'
    status.textContent = t('search.noStorage')
    return []
  }
}

/** For an owner who no longer has the other device: new snapshots get sealed to this one's key instead. */
function switchKeyOffer(): HTMLElement {
  const offer = document.createElement('p')
  const button = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'secondary',
    textContent: t('search.switchKey'),
  })
  offer.append(t('search.lostDevice'), button)
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      const key = await currentShareKey()
      await api(`/api/searches/${search.id}/share-key`, { method: 'PUT', json: { publicKey: key.publicKey } })
      window.location.reload()
    } catch (error) {
      button.disabled = false
      $('#action-error').textContent = error instanceof ApiError ? error.message : t('search.keyFailed')
    }
  })
  return offer
}

async function showShare(summary: ShareSummary, keys: readonly ShareKey[], list: HTMLElement) {
  const item = document.createElement('li')
  item.className = 'card stack share'
  const caption = document.createElement('p')
  const when = Object.assign(document.createElement('time'), { dateTime: summary.capturedAt })
  when.dataset.local = ''
  caption.append(
    t('search.seen'),
    when,
    ` · ${describeTrailStep(trailSteps(search.lastSeen, search.lastSeenAt, [summary])[0]!)}`,
  )
  const opening = Object.assign(document.createElement('p'), {
    className: 'form-busy',
    textContent: t('search.decrypting'),
  })
  opening.setAttribute('role', 'status')
  item.append(opening)
  list.append(item)
  let plain: Uint8Array | undefined
  try {
    const sealed = await api<SealedShare>(`/api/searches/${search.id}/shares/${summary.id}`)
    plain = isShareSuite(sealed.suite) ? await openSealed(keys, sealed.enc, sealed.ciphertext) : undefined
  } catch (error) {
    console.error('share', error)
    opening.className = 'share-locked'
    opening.textContent = t('search.downloadFailed')
    item.append(caption)
    localiseTimes(item)
    return
  }
  opening.remove()
  if (plain) {
    const img = document.createElement('img')
    img.className = 'pet-photo'
    img.src = URL.createObjectURL(new Blob([plain.slice().buffer], { type: 'image/jpeg' }))
    img.alt = t('search.snapshotAlt', { name: search.name })
    item.append(img, caption)
  } else {
    const locked = document.createElement('p')
    locked.className = 'share-locked'
    locked.textContent = t('search.locked')
    item.append(locked, caption)
  }
  localiseTimes(item)
}

interface SearchTrail {
  readonly areas: readonly { readonly area: TrailPoint['area']; readonly hour: string; readonly sightings: number }[]
  readonly withheld: number
}

/**
 * The trail: likely sightings counted per coarse area and hour by the server (never per camera), plus the
 * areas of snapshots camera owners chose to share.
 */
function trailPoints(trail: SearchTrail, shares: readonly ShareSummary[]): readonly TrailPoint[] {
  return [...trail.areas.map((a) => ({ capturedAt: a.hour, area: a.area, sightings: a.sightings })), ...shares]
}

function showTrail(points: readonly TrailPoint[], withheld: number) {
  new LazyPlaceMap($('#trail-map'), {
    tileUrl: document.body.dataset.tileUrl ?? '',
    center: search.area.center,
    zoom: 14,
    pin: search.lastSeen,
    outline: search.area.boundary,
    label: t('search.mapLabel', { name: search.name }),
  })
  const steps = trailSteps(search.lastSeen, search.lastSeenAt, points)
  $('#trail-empty').hidden = steps.length > 0
  const withheldNote = $('#trail-withheld')
  withheldNote.hidden = withheld === 0
  withheldNote.textContent = t(withheld === 1 ? 'search.withheld.one' : 'search.withheld.other', { count: withheld })
  $('#trail-steps').replaceChildren(
    ...steps.map((step) => {
      const item = document.createElement('li')
      const when = Object.assign(document.createElement('time'), { dateTime: step.capturedAt })
      when.dataset.local = ''
      item.append(when, `: ${describeTrailStep(step)}`)
      return item
    }),
  )
  localiseTimes($('#trail-steps'))
}

async function main() {
  const [keys, { shares }, trail] = await Promise.all([
    keysForSearch(),
    api<{ shares: ShareSummary[] }>(`/api/searches/${search.id}/shares`),
    api<SearchTrail>(`/api/searches/${search.id}/trail`),
  ])
  showTrail(trailPoints(trail, shares), trail.withheld)
  $('#shares-empty').hidden = shares.length > 0
  const list = $('#shares')
  await Promise.all(shares.map((share) => showShare(share, keys, list)))
  list.dataset.ready = 'true'
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.finder-message'))
  onSubmit(form, async (data) => {
    const thread = await api<{ id: string }>(
      `/api/searches/${search.id}/found-matches/${form.dataset.foundId}/messages`,
      {
        method: 'POST',
        json: { body: text(data, 'body') },
      },
    )
    window.location.assign(`/threads/${thread.id}`)
  })

if (search.thanks) wireThanks(search.id, search.thanks).catch((error) => console.error('thanks', error))

main().catch((error) => {
  console.error(error)
  const status = $('#key-status')
  status.hidden = false
  status.textContent = error instanceof ApiError ? error.message : t('search.sharesFailed')
})
