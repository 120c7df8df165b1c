import { cellOverlapsCircle, cellsWithin, circleAroundCell } from '../geo/cells.ts'
import type { Species } from '../searches/search.table.ts'
import { effectiveRadiusM } from './match.rules.ts'

/** The step a search's reach is rounded up to before it is compared with any camera's cell. */
export const REACH_STEP_M = 500

/**
 * How far a search reaches for matching, in coarse terms only (issue #20): its grown radius rounded up
 * to REACH_STEP_M. With the search's cell standing in for the point, "does this search reach my
 * cell?" depends on nothing finer than the public cell and this step, never on the exact point
 * (sealed), and it changes only when the grown radius passes a step. Rounding up keeps every camera
 * the exact radius reached.
 */
export function coarseReachM(species: Species, radiusM: number, lastSeenAt: Date, now: Date): number {
  return Math.ceil(effectiveRadiusM(species, radiusM, lastSeenAt, now) / REACH_STEP_M) * REACH_STEP_M
}

/** Every coarse cell a search known by its cell reaches: cell to cell, around the cell's centre. */
export function cellsReachedBy(searchCell: string, reachM: number): string[] {
  const circle = circleAroundCell(searchCell, reachM)
  return cellsWithin(circle.centre, circle.radiusM)
}

/** Whether a search known by its cell reaches a camera's cell: the same geometry as cellsReachedBy. */
export function reachesCell(searchCell: string, reachM: number, cell: string): boolean {
  const circle = circleAroundCell(searchCell, reachM)
  return cellOverlapsCircle(cell, circle.centre, circle.radiusM)
}
