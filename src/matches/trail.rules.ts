import type { CandidateCount } from './match.repository.ts'

/**
 * An area's count is shown only when at least this many opted-in cameras could have produced it, so
 * a count never points at one camera (whose owner alone may reveal it by sharing a snapshot).
 */
export const MIN_CAMERAS_PER_TRAIL_AREA = 2

export interface TrailCount {
  readonly cell: string
  readonly hour: string
  readonly sightings: number
}

/**
 * Counts per coarse cell and hour, made safe to show: a cell with fewer than two opted-in cameras is
 * merged into its wider (resolution-7) cell, which is shown only if its own such cells together hold
 * two cameras or more; what is left is only counted as withheld.
 */
export function buildTrail(
  counts: readonly CandidateCount[],
  camerasIn: (cell: string) => number,
  widerCellOf: (cell: string) => string,
  coarseCellsOf: (widerCell: string) => readonly string[],
): { counts: TrailCount[]; withheld: number } {
  const merged = new Map<string, { cell: string; hour: string; sightings: number }>()
  let withheld = 0
  const add = (cell: string, hour: string, n: number) => {
    const key = `${cell}|${hour}`
    const entry = merged.get(key) ?? { cell, hour, sightings: 0 }
    entry.sightings += n
    merged.set(key, entry)
  }
  for (const c of counts) {
    const hour = c.hour.toISOString()
    if (camerasIn(c.cell) >= MIN_CAMERAS_PER_TRAIL_AREA) {
      add(c.cell, hour, c.sightings)
      continue
    }
    const wider = widerCellOf(c.cell)
    const sparseCameras = coarseCellsOf(wider)
      .map(camerasIn)
      .filter((n) => n < MIN_CAMERAS_PER_TRAIL_AREA)
      .reduce((a, b) => a + b, 0)
    if (sparseCameras >= MIN_CAMERAS_PER_TRAIL_AREA) add(wider, hour, c.sightings)
    else withheld += c.sightings
  }
  const sorted = [...merged.values()].sort((a, b) => b.hour.localeCompare(a.hour) || b.sightings - a.sightings || a.cell.localeCompare(b.cell))
  return { counts: sorted, withheld }
}
