import type { CandidateCount, WitnessFilter } from './match.repository.ts'

/**
 * An area's count is shown only when at least this many independent camera owners could have produced
 * it, so a count never points at one camera or one household (whose owner alone may reveal it by
 * sharing a snapshot).
 */
export const MIN_WITNESSES_PER_TRAIL_AREA = 2

const DAY_MS = 24 * 3600 * 1000

/**
 * What makes a camera count as a witness for a trail area (issue #20): a camera registered a minute ago,
 * by an account made a minute ago, that never sent a sighting, proves nothing, and anyone can place
 * one in any cell. So a witness is a consenting camera registered at least a week before the search
 * was opened (so cameras placed in answer to a search never vouch for it), whose sightings arrived on
 * at least three distinct days, the last within a week, owned by an account made at least two weeks
 * before the search and not the search's owner's (who knows what their own cameras saw). One owner
 * counts once however many cameras they have there.
 */
export const TRAIL_WITNESS = {
  minCameraAgeDays: 7,
  minActiveDays: 3,
  lastActiveWithinDays: 7,
  minAccountAgeDays: 14,
} as const

/** The witness rule for one viewer and search; `searchOpenedAt` is its creation, which no edit moves. */
export function witnessFilter(viewerId: string, now: Date, searchOpenedAt: Date = now): WitnessFilter {
  const anchor = Math.min(now.getTime(), searchOpenedAt.getTime())
  return {
    now,
    cameraRegisteredBy: new Date(anchor - TRAIL_WITNESS.minCameraAgeDays * DAY_MS),
    accountCreatedBy: new Date(anchor - TRAIL_WITNESS.minAccountAgeDays * DAY_MS),
    minActiveDays: TRAIL_WITNESS.minActiveDays,
    lastActiveDaySince: Math.floor(now.getTime() / DAY_MS) - TRAIL_WITNESS.lastActiveWithinDays,
    viewerId,
  }
}

/** A camera as the witness rule sees it; trailWitnessesByCell applies the same rule in SQL. */
export interface WitnessFacts {
  readonly ownerId: string
  readonly consentActive: boolean
  readonly registeredAt: Date
  readonly activeDays: number
  /** In days since the epoch, as cameras.last_active_day. */
  readonly lastActiveDay: number
  readonly ownerCreatedAt: Date
}

export function isTrailWitness(camera: WitnessFacts, w: WitnessFilter): boolean {
  return (
    camera.consentActive &&
    camera.ownerId !== w.viewerId &&
    camera.registeredAt <= w.cameraRegisteredBy &&
    camera.activeDays >= w.minActiveDays &&
    camera.lastActiveDay >= w.lastActiveDaySince &&
    camera.ownerCreatedAt <= w.accountCreatedBy
  )
}

export interface TrailCount {
  readonly cell: string
  readonly hour: string
  readonly sightings: number
}

/**
 * Counts per coarse cell and hour, made safe to show: a cell with fewer than two witnesses (owner ids,
 * see TRAIL_WITNESS) is merged into its wider (resolution-7) cell, which is shown only if its own such
 * cells together have two different witnesses or more; what is left is only counted as withheld.
 */
export function buildTrail(
  counts: readonly CandidateCount[],
  witnessesIn: (cell: string) => readonly string[],
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
  const distinct = (cell: string) => new Set(witnessesIn(cell)).size
  for (const c of counts) {
    const hour = c.hour.toISOString()
    if (distinct(c.cell) >= MIN_WITNESSES_PER_TRAIL_AREA) {
      add(c.cell, hour, c.sightings)
      continue
    }
    const sparseWitnesses = new Set(
      coarseCellsOf(widerCellOf(c.cell))
        .filter((cell) => distinct(cell) < MIN_WITNESSES_PER_TRAIL_AREA)
        .flatMap(witnessesIn),
    )
    if (sparseWitnesses.size >= MIN_WITNESSES_PER_TRAIL_AREA) add(widerCellOf(c.cell), hour, c.sightings)
    else withheld += c.sightings
  }
  const sorted = [...merged.values()].sort(
    (a, b) => b.hour.localeCompare(a.hour) || b.sightings - a.sightings || a.cell.localeCompare(b.cell),
  )
  return { counts: sorted, withheld }
}
