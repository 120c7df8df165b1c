import { attachAddressSearch } from './address-search.ts'
import { LazyPlaceMap, type LatLng } from './lazy-map.ts'
import { t } from '../../i18n/client.ts'

/**
 * Enhances a fieldset holding latitude and longitude inputs (`data-lat` and `data-lng` name them) with an address
 * search, a map to pin the place and a "use my location" button. The typed coordinates stay the source of truth,
 * so the form works with no tiles, no geocoder, no geolocation and no script.
 */
export function attachPlacePicker(fieldset: HTMLElement, onChange?: (point: LatLng) => void): LazyPlaceMap {
  const latInput = fieldset.querySelector<HTMLInputElement>(`[name="${fieldset.dataset.lat}"]`)!
  const lngInput = fieldset.querySelector<HTMLInputElement>(`[name="${fieldset.dataset.lng}"]`)!
  const current = (): LatLng | undefined => {
    const lat = Number.parseFloat(latInput.value)
    const lng = Number.parseFloat(lngInput.value)
    return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
      ? { lat, lng }
      : undefined
  }
  const set = (point: LatLng) => {
    latInput.value = point.lat.toFixed(5)
    lngInput.value = point.lng.toFixed(5)
    onChange?.(point)
  }

  const mapBox = document.createElement('div')
  const locate = document.createElement('button')
  locate.type = 'button'
  locate.className = 'secondary'
  locate.textContent = t('place.locate')
  const status = document.createElement('p')
  status.className = 'hint'
  status.setAttribute('role', 'status')
  const coordinates = latInput.closest('.two-col') ?? latInput.parentElement!
  const search = document.createElement('div')
  coordinates.before(search)
  coordinates.before(locate, status, mapBox)
  const start = current() ?? {
    lat: Number(fieldset.dataset.defaultLat ?? 51.5074),
    lng: Number(fieldset.dataset.defaultLng ?? -0.1278),
  }
  const map = new LazyPlaceMap(mapBox, {
    tileUrl: document.body.dataset.tileUrl ?? '',
    center: start,
    pin: current(),
    label: fieldset.dataset.mapLabel ?? t('place.mapLabel'),
    onPick: (point) => {
      set(point)
      status.textContent = t('place.pinAt', { lat: point.lat.toFixed(4), lng: point.lng.toFixed(4) })
    },
  })
  attachAddressSearch(search, (place) => {
    set(place.point)
    map.setPin(place.point, true)
    status.textContent = t('place.pinAtPlace', { place: place.label })
  })
  for (const input of [latInput, lngInput])
    input.addEventListener('change', () => {
      const point = current()
      map.setPin(point, true)
      if (point) onChange?.(point)
    })
  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      status.textContent = t('place.noLocation')
      return
    }
    status.textContent = t('place.locating')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const point = { lat: position.coords.latitude, lng: position.coords.longitude }
        set(point)
        map.setPin(point, true)
        status.textContent = t('place.pinHere')
      },
      () => (status.textContent = t('place.locationUnavailable')),
      { enableHighAccuracy: false, timeout: 10_000 },
    )
  })
  return map
}
