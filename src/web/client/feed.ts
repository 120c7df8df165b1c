import { ApiError } from './lib/api.ts'
import { showError } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import { t, pageLocale } from '../i18n/client.ts'
import { feedCountText } from '../neighbours/feed-count.ts'

const form = document.querySelector<HTMLFormElement>('#feed-place')!
const results = document.querySelector<HTMLUListElement>('#feed-results')!
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
const localTime = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })

/** The place and filters the cards shown are for, as the query of /feed and /feed/cards. */
let shownFor: URLSearchParams | undefined
let cursor: string | null = null

// The server rendered the first page for the place in the URL; a page kept offline has none, so it asks.
const params = new URLSearchParams(window.location.search)
if (results.dataset.rendered !== undefined) {
  shownFor = chosenPlace()
  cursor = results.dataset.nextCursor || null
} else if (params.has('lat') && params.has('lng')) {
  lat.value = params.get('lat') ?? ''
  lng.value = params.get('lng') ?? ''
  for (const select of filters) if (params.has(select.name)) select.value = params.get(select.name) ?? ''
}
titleTimes()
attachPlacePicker(form.querySelector<HTMLElement>('fieldset.place')!)

/** Each card's "3 hours ago" gets the exact time in the reader's own zone as its tooltip. */
function titleTimes() {
  for (const time of results.querySelectorAll<HTMLTimeElement>('time:not([title])'))
    time.title = localTime.format(new Date(time.dateTime))
}

/** Only the filters that are set: "any" is the API's default. */
function chosenPlace(): URLSearchParams {
  return new URLSearchParams([
    ['lat', lat.value],
    ['lng', lng.value],
    ...filters.filter((select) => select.value).map((select) => [select.name, select.value] as [string, string]),
  ])
}

async function load(append: boolean) {
  if (!shownFor) return
  const query = new URLSearchParams(shownFor)
  if (append && cursor) query.set('cursor', cursor)
  status.textContent = t('feed.looking')
  const response = await fetch(`/feed/cards?${query}`, { credentials: 'same-origin' })
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
    throw new ApiError(response.status, 'ERROR', body?.error?.message ?? t('feed.failed'))
  }
  const cards = await response.text()
  if (append) results.insertAdjacentHTML('beforeend', cards)
  else results.innerHTML = cards
  titleTimes()
  cursor = response.headers.get('feed-next-cursor') || null
  more.hidden = !cursor
  status.textContent = feedCountText(pageLocale, t, results.children.length, Number(shownFor.get('radiusKm') ?? 5))
}

async function search() {
  const point = { lat: Number.parseFloat(lat.value), lng: Number.parseFloat(lng.value) }
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng) || !form.checkValidity()) {
    showError(form, t('feed.needPlace'))
    return
  }
  showError(form, '')
  shownFor = chosenPlace()
  history.replaceState(null, '', `/feed?${shownFor}`)
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
if (shownFor === undefined && lat.value && lng.value) void search()
