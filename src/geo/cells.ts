import {
  cellToBoundary,
  cellToChildren,
  cellToLatLng,
  cellToParent,
  getHexagonAreaAvg,
  getResolution,
  gridDisk,
  isValidCell,
  latLngToCell,
  UNITS,
} from 'h3-js'

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

/** A cell of any resolution as a page draws it (the coarse resolution unless the cell is coarser still). */
export function describeCoarseArea(cell: string): CoarseArea {
  const [lat, lng] = cellToLatLng(cell)
  return {
    cell,
    center: { lat: round(lat), lng: round(lng) },
    boundary: cellToBoundary(cell).map(([a, b]) => [round(a), round(b)]),
    areaKm2: Math.round(getHexagonAreaAvg(getResolution(cell), UNITS.km2) * 100) / 100,
  }
}

/** The resolution-7 cell (~5.2 km², seven coarse cells) that holds a coarse cell. */
export const widerCellOf = (cell: string) => cellToParent(cell, COARSE_CELL_RESOLUTION - 1)
export const coarseCellsOf = (widerCell: string) => cellToChildren(widerCell, COARSE_CELL_RESOLUTION)

const round = (x: number) => Math.round(x * 1e5) / 1e5

const EARTH_RADIUS_M = 6_371_008.8

export function distanceM(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

// A resolution-8 cell's corners lie at most ~0.53 km from its centre (edge ≈ 0.46 km, distorted near
// icosahedron vertices); cell centres are ≈ 0.8 km apart.
const CELL_CIRCUMRADIUS_M = 600
const CELL_SPACING_M = 750

/**
 * The circle matching uses for a search known only by its cell: around the cell's centre, widened by
 * the cell's circumradius, so it covers every circle of `radiusM` around any point of the cell.
 */
export function circleAroundCell(cell: string, radiusM: number): { centre: LatLng; radiusM: number } {
  const [lat, lng] = cellToLatLng(cell)
  return { centre: { lat, lng }, radiusM: radiusM + CELL_CIRCUMRADIUS_M }
}

/** Every coarse cell that overlaps the circle of `radiusM` around `point`. */
export function cellsWithin(point: LatLng, radiusM: number): string[] {
  const k = Math.ceil((radiusM + CELL_CIRCUMRADIUS_M) / CELL_SPACING_M)
  return gridDisk(toCoarseCell(point), k).filter((cell) => cellOverlapsCircle(cell, point, radiusM))
}

/** Whether any part of a cell lies within the circle: the point is in the cell, or an edge comes within the radius. */
export function cellOverlapsCircle(cell: string, point: LatLng, radiusM: number): boolean {
  const [lat, lng] = cellToLatLng(cell)
  const centre = distanceM(point, { lat, lng })
  if (centre <= radiusM) return true
  if (centre > radiusM + CELL_CIRCUMRADIUS_M) return false
  return toCoarseCell(point) === cell || distanceToEdgesM(point, cellToBoundary(cell)) <= radiusM
}

/**
 * Distance from a point to the nearest edge of a small polygon ([lat, lng] corners), on a local flat
 * projection around the point: over a few kilometres its error is well under a metre.
 */
function distanceToEdgesM(point: LatLng, corners: readonly [number, number][]): number {
  const metresPerDegree = (Math.PI / 180) * EARTH_RADIUS_M
  const xScale = metresPerDegree * Math.cos((point.lat * Math.PI) / 180)
  const xy = corners.map(([lat, lng]) => [(lng - point.lng) * xScale, (lat - point.lat) * metresPerDegree] as const)
  return Math.min(...xy.map(([ax, ay], i) => distanceToSegment(ax, ay, ...xy[(i + 1) % xy.length]!)))
}

/** Distance from the origin to the segment (ax, ay)–(bx, by). */
function distanceToSegment(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)))
  return Math.hypot(ax + t * dx, ay + t * dy)
}
