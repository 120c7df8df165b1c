import { cellToBoundary, cellToLatLng, getHexagonAreaAvg, isValidCell, latLngToCell, UNITS } from 'h3-js'

/**
 * H3 resolution 8: the finest whose cells average at least ~0.5 km² (0.74 km²), coarse enough that a
 * cell does not point at one house, fine enough for a cat's 500 m search radius.
 */
export const COARSE_CELL_RESOLUTION = 8

export interface LatLng {
  readonly lat: number
  readonly lng: number
}

export interface CoarseArea {
  readonly cell: string
  readonly center: LatLng
  /** The cell's outline, [lat, lng] pairs, so a page can draw it without map tiles. */
  readonly boundary: [number, number][]
  readonly areaKm2: number
}

export function toCoarseCell(point: LatLng): string {
  return latLngToCell(point.lat, point.lng, COARSE_CELL_RESOLUTION)
}

export function isCoarseCell(cell: string): boolean {
  return isValidCell(cell) && cell.length === 15 && latLngToCell(...cellToLatLng(cell), COARSE_CELL_RESOLUTION) === cell
}

export function describeCoarseArea(cell: string): CoarseArea {
  const [lat, lng] = cellToLatLng(cell)
  return {
    cell,
    center: { lat: round(lat), lng: round(lng) },
    boundary: cellToBoundary(cell).map(([a, b]) => [round(a), round(b)]),
    areaKm2: Math.round(getHexagonAreaAvg(COARSE_CELL_RESOLUTION, UNITS.km2) * 100) / 100,
  }
}

const round = (x: number) => Math.round(x * 1e5) / 1e5
