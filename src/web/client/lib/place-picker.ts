import { attachAddressSearch } from './address-search.ts'
import { LazyPlaceMap, type LatLng } from './lazy-map.ts'

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
    return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined
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
  locate.textContent = 'Use my location'
  const status = document.createElement('p')
  status.className = 'hint'
  status.setAttribute('role', 'status')
  const coordinates = latInput.closest('.two-col') ?? latInput.parentElement!
  const search = document.createElement('div')
  coordinates.before(search)
  coordinates.before(locate, status, mapBox)
  const start = current() ?? { lat: Number(fieldset.dataset.defaultLat ?? 51.5074), lng: Number(fieldset.dataset.defaultLng ?? -0.1278) }
  const map = new LazyPlaceMap(mapBox, {
    tileUrl: document.body.dataset.tileUrl ?? '',
    center: start,
    pin: current(),
    label: fieldset.dataset.mapLabel ?? 'Map to pin the place',
    onPick: (point) => {
      set(point)
      status.textContent = `Pin set at ${point.lat.toFixed(4)}, ${point.lng.toFixed(4)}.`
    },
  })
  attachAddressSearch(search, (place) => {
    set(place.point)
    map.setPin(place.point, true)
    status.textContent = `Pin set at ${place.label}. Move it by tapping the map if it is not quite right.`
  })
  for (const input of [latInput, lngInput])
    input.addEventListener('change', () => {
      const point = current()
      map.setPin(point, true)
      if (point) onChange?.(point)
    })
  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      status.textContent = 'This browser cannot tell your location; search for the address or tap the map.'
      return
    }
    status.textContent = 'Finding your location…'
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const point = { lat: position.coords.latitude, lng: position.coords.longitude }
        set(point)
        map.setPin(point, true)
        status.textContent = 'Pin set at your location.'
      },
      () => (status.textContent = 'Your location is not available; search for the address or tap the map.'),
      { enableHighAccuracy: false, timeout: 10_000 },
    )
  })
  return map
}
