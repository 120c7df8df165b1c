import { cellToBoundary, gridDisk, latLngToCell } from 'h3-js'
import {
  cellOverlapsCircle,
  circleAroundCell,
  COARSE_CELL_RESOLUTION,
  distanceM,
  type LatLng,
} from '../../src/geo/cells.ts'
import { effectiveRadiusM } from '../../src/matches/match.rules.ts'
import { coarseReachM, reachesCell } from '../../src/matches/search-reach.rules.ts'
import type { Species } from '../../src/searches/search.table.ts'

/** What a search is to the geometry: the exact point is only an input of the old geometry. */
export interface SimSearch {
  readonly cell: string
  readonly point: LatLng
  readonly species: Species
  readonly radiusM: number
  readonly lastSeenAt: Date
}

export interface Geometry {
  readonly name: string
  /** Whether the answer can depend on the exact point; if not, every point of the cell stays possible. */
  readonly usesPoint: boolean
  reaches(search: SimSearch, at: Date, cameraCell: string): boolean
}

export const GEOMETRIES: readonly Geometry[] = [
  {
    // The geometry the issue replayed: the exact point and the exact grown radius.
    name: 'before: exact point, exact radius',
    usesPoint: true,
    reaches: (s, at, cell) =>
      cellOverlapsCircle(cell, s.point, effectiveRadiusM(s.species, s.radiusM, s.lastSeenAt, at)),
  },
  {
    // main after the point was sealed (a0fec33): the cell's centre, the exact grown radius.
    name: 'interim: cell centre, exact radius',
    usesPoint: false,
    reaches: (s, at, cell) => {
      const circle = circleAroundCell(s.cell, effectiveRadiusM(s.species, s.radiusM, s.lastSeenAt, at))
      return cellOverlapsCircle(cell, circle.centre, circle.radiusM)
    },
  },
  {
    name: 'after: cell to cell, radius rounded up to 500 m',
    usesPoint: false,
    reaches: (s, at, cell) => reachesCell(s.cell, coarseReachM(s.species, s.radiusM, s.lastSeenAt, at), cell),
  },
]

const METRES_PER_DEGREE = 111_195

/** Points on a regular grid of `stepM` metres that fall inside the cell. */
export function gridInCell(cell: string, stepM: number): LatLng[] {
  const corners = cellToBoundary(cell)
  const lats = corners.map(([lat]) => lat)
  const lngs = corners.map(([, lng]) => lng)
  const dLat = stepM / METRES_PER_DEGREE
  const dLng = dLat / Math.cos((lats[0]! * Math.PI) / 180)
  const points: LatLng[] = []
  for (let lat = Math.min(...lats); lat <= Math.max(...lats); lat += dLat)
    for (let lng = Math.min(...lngs); lng <= Math.max(...lngs); lng += dLng)
      if (latLngToCell(lat, lng, COARSE_CELL_RESOLUTION) === cell) points.push({ lat, lng })
  return points
}

export interface InferenceRun {
  readonly geometry: string
  /** Share of the cell's area still possible after the first poll and after the last. */
  readonly firstPollAreaFraction: number
  readonly finalAreaFraction: number
  /** Distance from the centroid of the points still possible to the true point. */
  readonly errorM: number
}

/**
 * One camera per cell around the search's cell, each polling "does this search reach me?" at each of
 * `polls`; the attacker keeps the candidate points whose answers under the same geometry agree.
 */
export function inferPoint(
  search: SimSearch,
  geometry: Geometry,
  polls: readonly Date[],
  candidates: readonly LatLng[],
  ringK: number,
): InferenceRun {
  const radius = effectiveRadiusM(search.species, search.radiusM, search.lastSeenAt, polls[0]!)
  const centre = candidates.reduce(
    (a, p) => ({ lat: a.lat + p.lat / candidates.length, lng: a.lng + p.lng / candidates.length }),
    { lat: 0, lng: 0 },
  )
  // Cells near the circle's edge first: they are the ones that tell points apart, so most candidates fail early.
  const cameras = gridDisk(search.cell, ringK)
    .map((cell) => ({ cell, edge: Math.abs(distanceM(centre, cellCentre(cell)) - radius) }))
    .sort((a, b) => a.edge - b.edge)
    .map((c) => c.cell)
  const observed = polls.map((at) => cameras.map((cell) => geometry.reaches(search, at, cell)))
  // Mismatches between a candidate's answers and the observed ones, giving up once past `bound`.
  const mismatches = (point: LatLng, upTo: number, bound: number) => {
    const hypothesis = { ...search, point }
    let n = 0
    for (let i = 0; i < upTo; i++)
      for (let j = 0; j < cameras.length; j++)
        if (geometry.reaches(hypothesis, polls[i]!, cameras[j]!) !== observed[i]![j] && ++n > bound) return n
    return n
  }
  // The attacker keeps the candidates that explain the answers best: the true point lies between grid
  // points, so its grid neighbours may each miss an answer or two as the radius crosses a camera cell.
  const best = (among: readonly LatLng[], upTo: number) => {
    let bound = Infinity
    let kept: LatLng[] = []
    for (const p of among) {
      const n = mismatches(p, upTo, bound)
      if (n < bound) [bound, kept] = [n, [p]]
      else if (n === bound) kept.push(p)
    }
    return kept
  }
  // A geometry that never reads the point gives every candidate the same answers: all stay possible
  // (checked on a sample, so a geometry that claims so wrongly fails here).
  if (!geometry.usesPoint) {
    const sample = candidates.filter((_, i) => i % Math.ceil(candidates.length / 40) === 0)
    if (!sample.every((p) => mismatches(p, polls.length, 0) === 0))
      throw new Error(`${geometry.name} does depend on the point`)
  }
  const afterFirst = geometry.usesPoint ? best(candidates, 1) : candidates
  const final = geometry.usesPoint ? best(candidates, polls.length) : candidates
  const guess = final.reduce((a, p) => ({ lat: a.lat + p.lat / final.length, lng: a.lng + p.lng / final.length }), {
    lat: 0,
    lng: 0,
  })
  return {
    geometry: geometry.name,
    firstPollAreaFraction: afterFirst.length / candidates.length,
    finalAreaFraction: final.length / candidates.length,
    errorM: distanceM(guess, search.point),
  }
}

function cellCentre(cell: string): LatLng {
  const corners = cellToBoundary(cell)
  return {
    lat: corners.reduce((a, [lat]) => a + lat, 0) / corners.length,
    lng: corners.reduce((a, [, lng]) => a + lng, 0) / corners.length,
  }
}

/**
 * What the same polls tell about the search's radius (the owner's choice, not public) once the point
 * is out of reach: the spread of radii, in `stepM` steps, whose answers all agree with the observed.
 */
export function inferRadius(
  search: SimSearch,
  geometry: Geometry,
  polls: readonly Date[],
  ringK: number,
  stepM = 10,
): { minM: number; maxM: number } {
  const cameras = gridDisk(search.cell, ringK)
  const observed = polls.map((at) => cameras.map((cell) => geometry.reaches(search, at, cell)))
  const fits: number[] = []
  for (let r = 50; r <= 10_000; r += stepM) {
    const hypothesis = { ...search, radiusM: r }
    if (polls.every((at, i) => cameras.every((cell, j) => geometry.reaches(hypothesis, at, cell) === observed[i]![j])))
      fits.push(r)
  }
  return { minM: Math.min(...fits), maxM: Math.max(...fits) }
}
