import { gridDisk } from 'h3-js'
import { coarseCellsOf, widerCellOf } from '../../src/geo/cells.ts'
import type { CandidateCount } from '../../src/matches/match.repository.ts'
import { buildTrail, isTrailWitness, witnessFilter, type WitnessFacts } from '../../src/matches/trail.rules.ts'

const DAY_MS = 24 * 3600 * 1000

export interface SimCamera extends WitnessFacts {
  readonly cell: string
  readonly honest: boolean
}

/** The trail rule before issue #20, kept for comparison: every consenting camera in a cell counted. */
export function buildTrailBefore(counts: readonly CandidateCount[], camerasIn: (cell: string) => number) {
  const shown = new Set<string>()
  for (const c of counts) {
    if (camerasIn(c.cell) >= 2) {
      shown.add(c.cell)
      continue
    }
    const sparse = coarseCellsOf(widerCellOf(c.cell))
      .map(camerasIn)
      .filter((n) => n < 2)
      .reduce((a, b) => a + b, 0)
    if (sparse >= 2) shown.add(widerCellOf(c.cell))
  }
  return shown
}

export interface Attacker {
  readonly name: string
  /** The pet owner's own account, or accounts of their own (10 cameras each, the limit). */
  readonly owner: 'viewer' | 'sybils'
  /** Days before the search was opened that the attacker's accounts and cameras were made (negative: after). */
  readonly accountDaysBefore: number
  readonly cameraDaysBefore: number
  /** Distinct days their fake sightings arrived on, the last one yesterday. */
  readonly activeDays: number
}

/** The attacker's cameras, one in every cell the search reaches. */
export function attackerCameras(
  cells: readonly string[],
  a: Attacker | undefined,
  viewerId: string,
  searchOpenedAt: Date,
  now: Date,
): SimCamera[] {
  if (!a) return []
  const before = (days: number) => new Date(searchOpenedAt.getTime() - days * DAY_MS)
  return cells.map((cell, i) => ({
    cell,
    honest: false,
    ownerId: a.owner === 'viewer' ? viewerId : `attacker-${Math.floor(i / 10)}`,
    consentActive: true,
    registeredAt: before(a.cameraDaysBefore),
    activeDays: a.activeDays,
    lastActiveDay: Math.floor(now.getTime() / DAY_MS) - 1,
    ownerCreatedAt: before(a.accountDaysBefore),
  }))
}

/**
 * Lone honest cameras that saw the pet and whose own cell, or whose wider cell as their only honest
 * camera, the trail shows: a count that points at one camera.
 */
export function exposedLoneCameras(
  honest: readonly SimCamera[],
  attackers: readonly SimCamera[],
  sawPet: ReadonlySet<SimCamera>,
  counts: readonly CandidateCount[],
  rule: 'before' | 'after',
  viewerId: string,
  searchOpenedAt: Date,
  now: Date,
) {
  const all = [...honest, ...attackers]
  const honestIn = (cell: string) => honest.filter((c) => c.cell === cell).length
  let shown: Set<string>
  if (rule === 'before')
    shown = buildTrailBefore(counts, (cell) => all.filter((c) => c.cell === cell && c.consentActive).length)
  else {
    const filter = witnessFilter(viewerId, now, searchOpenedAt)
    const trail = buildTrail(
      counts,
      (cell) => all.filter((c) => c.cell === cell && isTrailWitness(c, filter)).map((c) => c.ownerId),
      widerCellOf,
      coarseCellsOf,
    )
    shown = new Set(trail.counts.map((c) => c.cell))
  }
  const lone = [...sawPet].filter((c) => honestIn(c.cell) === 1)
  const sparseHonestInWider = (cell: string) =>
    coarseCellsOf(widerCellOf(cell))
      .filter((x) => honestIn(x) < 2)
      .reduce((a, x) => a + honestIn(x), 0)
  const exposed = lone.filter(
    (c) => shown.has(c.cell) || (shown.has(widerCellOf(c.cell)) && sparseHonestInWider(c.cell) === 1),
  )
  return { loneThatSawPet: lone.length, exposed: exposed.length }
}

export const neighbourhood = (cell: string, k: number) => gridDisk(cell, k)
