import type { LatLng, PlaceMap, PlaceMapOptions } from './place-map.ts'

export type { LatLng }

/**
 * A PlaceMap whose library (Leaflet, most of a map page's JavaScript) loads after the page's own script has run,
 * so forms, the feed's request and the first paint do not wait for it. Calls made before it loads are replayed.
 */
export class LazyPlaceMap {
  private map: PlaceMap | undefined
  private readonly pending: ((map: PlaceMap) => void)[] = []
  readonly ready: Promise<PlaceMap>

  constructor(container: HTMLElement, options: PlaceMapOptions) {
    container.classList.add('map')
    this.ready = import('./place-map.ts').then(({ PlaceMap }) => {
      const map = new PlaceMap(container, options)
      this.map = map
      for (const call of this.pending.splice(0)) call(map)
      return map
    })
  }

  private run(call: (map: PlaceMap) => void) {
    if (this.map) call(this.map)
    else this.pending.push(call)
  }

  setPin(pin: LatLng | undefined, recenter = false) {
    this.run((map) => map.setPin(pin, recenter))
  }

  setOutline(outline: readonly (readonly [number, number])[] | undefined) {
    this.run((map) => map.setOutline(outline))
  }

  fitOutline() {
    this.run((map) => map.fitOutline())
  }
}
