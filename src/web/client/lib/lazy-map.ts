import { describeMapBox } from './map-box.ts'
import type { LatLng, PlaceMap, PlaceMapOptions } from './place-map.ts'

export type { LatLng }

/**
 * A PlaceMap whose library (Leaflet, most of a map page's JavaScript) loads only once its box is on screen or near
 * it, or is focused or touched, so forms, the feed's cards and the first paint do not wait for it, and a map in a
 * closed <details> is built when it opens, at its real size. Calls made before it loads are replayed, and so is
 * Enter on the focused box (the pin goes to the centre), so a keyboard user can pick a place from the first moment.
 */
export class LazyPlaceMap {
  private map: PlaceMap | undefined
  private readonly pending: ((map: PlaceMap) => void)[] = []
  readonly ready: Promise<PlaceMap>

  constructor(container: HTMLElement, options: PlaceMapOptions) {
    container.classList.add('map')
    describeMapBox(container, options)
    if (!container.hasAttribute('tabindex')) container.tabIndex = 0
    const earlyEnter = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.target !== container || !options.onPick) return
      event.preventDefault()
      this.run((map) => map.pickCentre())
    }
    container.addEventListener('keydown', earlyEnter)
    this.ready = whenNeeded(container)
      .then(() => Promise.all([import('./place-map.ts'), loadMapStyles()]))
      .then(([{ PlaceMap }]) => {
        // What stood in for the map (a server-drawn outline sketch) until now.
        container.replaceChildren()
        container.removeEventListener('keydown', earlyEnter)
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

function whenNeeded(element: HTMLElement): Promise<void> {
  if (typeof IntersectionObserver === 'undefined') return Promise.resolve()
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) done()
      },
      { rootMargin: '300px' },
    )
    const done = () => {
      observer.disconnect()
      element.removeEventListener('focusin', done)
      element.removeEventListener('pointerdown', done)
      resolve()
    }
    observer.observe(element)
    element.addEventListener('focusin', done)
    element.addEventListener('pointerdown', done)
  })
}

let mapStyles: Promise<void> | undefined

/** Leaflet's stylesheet (`<body data-map-styles>`), fetched with the library rather than blocking every first paint. */
function loadMapStyles(): Promise<void> {
  const href = document.body.dataset.mapStyles
  if (!href) return Promise.resolve()
  mapStyles ??= new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href })
    link.addEventListener('load', () => resolve(), { once: true })
    link.addEventListener('error', () => resolve(), { once: true })
    document.head.append(link)
  })
  return mapStyles
}
