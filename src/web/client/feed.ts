import type { Species } from '../../contracts/species.ts'
import { api, ApiError } from './lib/api.ts'
import { showError } from './lib/forms.ts'
import { timeElement } from './lib/time-element.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import type { LatLng } from './lib/place-map.ts'
import { t, pageLocale } from '../i18n/client.ts'
import { formatDistance } from '../i18n/locales.ts'

/** A feed item: lost pets now, found reports too once the feed carries them (`kind`). */
interface FeedItem {
  readonly id: string
  readonly kind?: 'lost' | 'found'
  readonly species: Species
  readonly name?: string
  readonly status?: string
  readonly lastSeenAt?: string
  readonly foundAt?: string
  readonly area: { readonly center: LatLng }
  readonly photoUrl: string | null
}

const form = document.querySelector<HTMLFormElement>('#feed-place')!
const results = document.querySelector<HTMLElement>('#feed-results')!
const status = document.querySelector<HTMLElement>('#feed-status')!
const more = document.querySelector<HTMLButtonElement>('#feed-more')!
const lat = form.querySelector<HTMLInputElement>('[name=lat]')!
const lng = form.querySelector<HTMLInputElement>('[name=lng]')!
const radius = form.querySelector<HTMLSelectElement>('[name=radiusKm]')!
const filters = [
  radius,
  form.querySelector<HTMLSelectElement>('[name=kind]')!,
  form.querySelector<HTMLSelectElement>('[name=species]')!,
]
let place: { point: LatLng; radiusKm: number; filters: URLSearchParams } | undefined
let cursor: string | null = null

// Coming back to /feed?lat=…&lng=… (a shared link or the back button) shows the same place.
const params = new URLSearchParams(window.location.search)
if (params.has('lat') && params.has('lng')) {
  lat.value = params.get('lat') ?? ''
  lng.value = params.get('lng') ?? ''
  for (const select of filters) if (params.has(select.name)) select.value = params.get(select.name) ?? ''
}
attachPlacePicker(form.querySelector<HTMLElement>('fieldset.place')!)

const km = (a: LatLng, b: LatLng) => {
  const rad = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

const EDGES_KM = [1, 2, 5, 10, 20] as const
const dist = (value: number) => formatDistance(pageLocale, value)

/** Distances between coarse areas are coarse too: a band, never a figure that suggests precision. */
function distanceBand(distanceKm: number): string {
  const index = EDGES_KM.findIndex((edge) => distanceKm < edge)
  if (index === 0) return t('feed.band.under', { km: dist(EDGES_KM[0]) })
  if (index < 0) return t('feed.band.over', { km: dist(EDGES_KM[EDGES_KM.length - 1]!) })
  return t('feed.band.between', {
    from: new Intl.NumberFormat(pageLocale).format(EDGES_KM[index - 1]!),
    to: dist(EDGES_KM[index]!),
  })
}

function card(item: FeedItem, from: LatLng): HTMLElement {
  const kind = item.kind ?? 'lost'
  const species = item.species === 'cat' ? 'cat' : 'dog'
  const title = item.name ?? t(`feed.card.found.${species}`)
  const href = kind === 'found' ? `/found/${item.id}` : `/pets/${item.id}`
  const li = document.createElement('li')
  li.className = 'card pet-card stack'
  if (item.photoUrl) {
    const img = document.createElement('img')
    img.src = item.photoUrl
    img.alt =
      kind === 'found' ? t(`feed.card.photoFound.${species}`) : t(`feed.card.photoLost.${species}`, { name: title })
    img.loading = 'lazy'
    li.append(img)
  }
  const heading = document.createElement('h3')
  const link = document.createElement('a')
  link.href = href
  link.textContent = title
  heading.append(link)
  const badge = document.createElement('span')
  const home = item.status === 'found' && kind === 'lost'
  // A reunion is good news, not an alarm: its own calm colour, never the red of a lost pet.
  badge.className = home ? 'badge home-again' : `badge kind-${kind}`
  badge.textContent = home ? t('feed.card.homeAgain') : t(`feed.card.${kind === 'found' ? 'found' : 'lost'}.${species}`)
  const when = document.createElement('p')
  const at = kind === 'found' ? item.foundAt : item.lastSeenAt
  when.append(t(kind === 'found' ? 'feed.card.foundAt' : 'feed.card.lastSeen'))
  if (at) when.append(timeElement(at))
  const distance = document.createElement('p')
  distance.className = 'muted'
  distance.textContent = distanceBand(km(from, item.area.center))
  li.append(heading, badge, when, distance)
  return li
}

async function load(append: boolean) {
  if (!place) return
  const query = new URLSearchParams({
    lat: String(place.point.lat),
    lng: String(place.point.lng),
    ...Object.fromEntries(place.filters),
  })
  if (append && cursor) query.set('cursor', cursor)
  status.textContent = t('feed.looking')
  const page = await api<{ items: FeedItem[]; nextCursor: string | null }>(`/api/feed?${query}`)
  const cards = page.items.map((item) => card(item, place!.point))
  if (append) results.append(...cards)
  else results.replaceChildren(...cards)
  cursor = page.nextCursor
  more.hidden = !cursor
  const shown = results.children.length
  const within = dist(place.radiusKm)
  const plural = new Intl.PluralRules(pageLocale).select(shown) === 'one' ? 'feed.count.one' : 'feed.count.other'
  status.textContent = shown === 0 ? t('feed.none', { km: within }) : t(plural, { count: shown, km: within })
}

async function search() {
  const point = { lat: Number.parseFloat(lat.value), lng: Number.parseFloat(lng.value) }
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng) || !form.checkValidity()) {
    showError(form, t('feed.needPlace'))
    return
  }
  showError(form, '')
  // Only the filters that are set: "any" is the API's default.
  const chosen = new URLSearchParams(
    filters.filter((select) => select.value).map((select) => [select.name, select.value]),
  )
  place = { point, radiusKm: Number(radius.value), filters: chosen }
  history.replaceState(
    null,
    '',
    `/feed?${new URLSearchParams({ lat: lat.value, lng: lng.value, ...Object.fromEntries(chosen) })}`,
  )
  try {
    await load(false)
  } catch (err) {
    status.textContent = ''
    if (err instanceof ApiError) showError(form, err.message)
    else if (!navigator.onLine) {
      showError(form, t('feed.offline'))
      window.addEventListener('online', () => void search(), { once: true })
    } else showError(form, t('feed.failed'))
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  void search()
})
more.addEventListener('click', () => void load(true).catch(() => (status.textContent = t('feed.moreFailed'))))
if (place === undefined && lat.value && lng.value) void search()
