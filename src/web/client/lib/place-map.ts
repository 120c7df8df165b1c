import {
  circleMarker,
  control,
  map as leafletMap,
  polygon,
  tileLayer,
  type CircleMarker,
  type Map as LeafletMap,
  type Polygon,
} from 'leaflet'

import { t } from '../../i18n/client.ts'
import { describeMapBox } from './map-box.ts'

export interface LatLng {
  readonly lat: number
  readonly lng: number
}

export interface PlaceMapOptions {
  /** `{z}/{x}/{y}` template; when tiles cannot load the map still draws the pin and outline. */
  readonly tileUrl: string
  readonly center: LatLng
  readonly zoom?: number
  readonly pin?: LatLng | undefined
  /** A coarse area to draw, as [lat, lng] corners. */
  readonly outline?: readonly (readonly [number, number])[] | undefined
  /** Makes the map a picker: click, tap or Enter sets the pin. */
  readonly onPick?: (point: LatLng) => void
  readonly label: string
  /** What the keyboard help and zoom buttons say, in the page's language. */
  readonly texts?: { readonly pickHelp: string; readonly zoomIn: string; readonly zoomOut: string }
}

const ACCENT = '#0b5cad'
const PIN = '#a4161a'

/**
 * A Leaflet map with one pin and one coarse outline, drawn as vectors so they show with no tiles at all.
 * Leaflet gives drag, pinch, wheel and keyboard panning and zooming (arrows, + and −); Enter on the focused
 * map puts the pin at its centre, so a keyboard user can pick a place too.
 */
export class PlaceMap {
  private readonly map: LeafletMap
  private pin: CircleMarker | undefined
  private outline: Polygon | undefined

  constructor(
    container: HTMLElement,
    private readonly options: PlaceMapOptions,
  ) {
    container.classList.add('map')
    this.map = leafletMap(container, {
      zoomControl: false,
      attributionControl: false,
      keyboard: true,
      center: [options.center.lat, options.center.lng],
      zoom: options.zoom ?? 15,
      minZoom: 3,
      maxZoom: 18,
    })
    const texts = options.texts ?? { pickHelp: t('map.pickHelp'), zoomIn: t('map.zoomIn'), zoomOut: t('map.zoomOut') }
    control.zoom({ position: 'topright', zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut }).addTo(this.map)
    control.attribution({ prefix: false }).addAttribution('© OpenStreetMap contributors').addTo(this.map)
    if (options.tileUrl)
      tileLayer(options.tileUrl, { maxZoom: 18, referrerPolicy: 'no-referrer', crossOrigin: false }).addTo(this.map)
    describeMapBox(container, options, texts.pickHelp)
    this.setOutline(options.outline)
    this.setPin(options.pin)
    if (options.onPick) {
      this.map.on('click', (event) => this.pick({ lat: event.latlng.lat, lng: event.latlng.lng }))
      container.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' || event.target !== container) return
        event.preventDefault()
        this.pickCentre()
      })
    }
    // A map laid out while hidden or before styles applied measures 0×0: measure again when it gets a size.
    new ResizeObserver(() => this.map.invalidateSize()).observe(container)
  }

  setPin(pin: LatLng | undefined, recenter = false) {
    this.pin?.remove()
    this.pin =
      pin &&
      circleMarker([pin.lat, pin.lng], {
        radius: 9,
        color: '#fff',
        weight: 3,
        fillColor: PIN,
        fillOpacity: 1,
        interactive: false,
        className: 'map-pin',
      }).addTo(this.map)
    if (pin && recenter) this.map.setView([pin.lat, pin.lng], Math.max(this.map.getZoom(), 15))
  }

  setOutline(outline: readonly (readonly [number, number])[] | undefined) {
    this.outline?.remove()
    this.outline = outline?.length
      ? polygon(
          outline.map(([lat, lng]) => [lat, lng] as [number, number]),
          {
            color: ACCENT,
            weight: 3,
            fillColor: ACCENT,
            fillOpacity: 0.18,
            interactive: false,
            className: 'area-outline',
          },
        ).addTo(this.map)
      : undefined
  }

  /** Shows the whole outline (and pin), e.g. a trail of several areas. */
  fitOutline() {
    if (this.outline) this.map.fitBounds(this.outline.getBounds(), { padding: [16, 16], maxZoom: 15 })
  }

  /** What Enter on the focused map does: the pin goes to the map's centre. */
  pickCentre() {
    const centre = this.map.getCenter()
    this.pick({ lat: centre.lat, lng: centre.lng })
  }

  private pick(point: LatLng) {
    this.setPin(point)
    this.options.onPick?.(point)
  }
}
