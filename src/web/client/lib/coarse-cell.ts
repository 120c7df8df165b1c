import { cellToBoundary, cellToLatLng, latLngToCell } from 'h3-js'
import type { LatLng } from './place-map.ts'

/** The server's coarse resolution (src/geo/cells.ts): about 0.74 km² a cell. */
export const COARSE_CELL_RESOLUTION = 8

export interface CoarseCell {
  readonly cell: string
  readonly center: LatLng
  readonly outline: [number, number][]
}

/** Turns a pin into its coarse H3 cell here, in the browser, so the exact point need never be sent. */
export function coarseCellOf(point: LatLng): CoarseCell {
  const cell = latLngToCell(point.lat, point.lng, COARSE_CELL_RESOLUTION)
  const [lat, lng] = cellToLatLng(cell)
  return { cell, center: { lat, lng }, outline: cellToBoundary(cell) }
}
