import { GeocoderError, httpGeocoder, type GeocodedPlace, type GeocoderSettings } from './geocoder.ts'
import { t } from '../../i18n/client.ts'

let counter = 0

/** The provider the server's operator configured, from the page (`<body data-geocoder-*>`), if any. */
export function geocoderSettings(): GeocoderSettings | undefined {
  const { geocoderKind: kind, geocoderUrl: url } = document.body.dataset
  return url && (kind === 'nominatim' || kind === 'photon') ? { kind, url } : undefined
}

/**
 * An address box with a search button and the places found as a list of buttons (a plain list, read in order by
 * a screen reader; the count is announced). Without a configured provider it says so and points to the map.
 */
export function attachAddressSearch(container: HTMLElement, onChoose: (place: GeocodedPlace) => void) {
  const id = `address-${++counter}`
  container.className = 'address-search'
  const settings = geocoderSettings()
  if (!settings) {
    const note = document.createElement('p')
    note.className = 'hint'
    note.textContent = t('address.none')
    container.append(note)
    return
  }
  const geocoder = httpGeocoder(settings, document.documentElement.lang || navigator.language)
  const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: t('address.label') })
  const row = document.createElement('div')
  row.className = 'address-row'
  const input = Object.assign(document.createElement('input'), {
    id,
    type: 'search',
    autocomplete: 'street-address',
    enterKeyHint: 'search',
  })
  input.setAttribute('aria-describedby', `${id}-hint`)
  const button = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'secondary',
    textContent: t('address.find'),
  })
  row.append(input, button)
  const hint = Object.assign(document.createElement('p'), {
    id: `${id}-hint`,
    className: 'hint',
    textContent: t('address.hint', { host: new URL(settings.url).host }),
  })
  const status = Object.assign(document.createElement('p'), { className: 'hint' })
  status.setAttribute('role', 'status')
  const list = document.createElement('ul')
  list.className = 'address-results'
  list.setAttribute('aria-label', t('address.results'))
  list.hidden = true
  container.append(label, row, hint, status, list)

  let pending: AbortController | undefined
  const run = async () => {
    const query = input.value.trim()
    if (query.length < 3) {
      status.textContent = t('address.tooShort')
      return
    }
    pending?.abort()
    const controller = (pending = new AbortController())
    status.textContent = t('address.searching')
    list.hidden = true
    try {
      const places = await geocoder.search(query, controller.signal)
      if (controller.signal.aborted) return
      list.replaceChildren(
        ...places.map((place) => {
          const item = document.createElement('li')
          const choose = Object.assign(document.createElement('button'), {
            type: 'button',
            className: 'link',
            textContent: place.label,
          })
          choose.addEventListener('click', () => {
            list.hidden = true
            input.value = place.label
            status.textContent = ''
            onChoose(place)
          })
          item.append(choose)
          return item
        }),
      )
      list.hidden = places.length === 0
      status.textContent =
        places.length === 0
          ? t('address.noResult')
          : t(places.length === 1 ? 'address.found.one' : 'address.found.other', { count: places.length })
      ;(list.querySelector('button') as HTMLButtonElement | null)?.focus()
    } catch (error) {
      if ((error as Error).name === 'AbortError') return
      status.textContent = error instanceof GeocoderError ? t('address.down') : t('address.failed')
    }
  }
  button.addEventListener('click', () => void run())
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault() // Enter searches; it must not submit the whole form
    void run()
  })
}
