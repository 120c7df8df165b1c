import { LazyPlaceMap } from './lazy-map.ts'

export interface CoarseAreaData {
  readonly center: { readonly lat: number; readonly lng: number }
  readonly boundary: readonly (readonly [number, number])[]
}

/** Replaces a server-drawn outline sketch, once the map has loaded, with a map of the coarse area: no pin, since no exact point exists. */
export function showAreaMap(container: HTMLElement, area: CoarseAreaData, label: string): LazyPlaceMap {
  return new LazyPlaceMap(container, {
    tileUrl: document.body.dataset.tileUrl ?? '',
    center: area.center,
    zoom: 14,
    outline: area.boundary,
    label,
  })
}
