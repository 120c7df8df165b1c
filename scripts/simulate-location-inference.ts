/**
 * Replays issue #20's two location attacks offline against the server's own geometry and trail rules,
 * and prints JSON: how precisely cameras placed by cell recover a search's exact last-seen point, and
 * how many lone cameras dummy cameras expose on the trail, before and after the fix.
 *   npm run simulate:inference [-- --trials N --step M --seed S]
 */
import { parseArgs } from 'node:util'
import { latLngToCell } from 'h3-js'
import { cellsWithin, circleAroundCell, COARSE_CELL_RESOLUTION } from '../src/geo/cells.ts'
import type { CandidateCount } from '../src/matches/match.repository.ts'
import { cellsReachedBy, coarseReachM, REACH_STEP_M } from '../src/matches/search-reach.rules.ts'
import { GEOMETRIES, gridInCell, inferPoint, inferRadius, type SimSearch } from './lib/point-inference.ts'
import { attackerCameras, exposedLoneCameras, type Attacker, type SimCamera } from './lib/trail-attack.ts'

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '12' },
    step: { type: 'string', default: '10' },
    seed: { type: 'string', default: '20' },
  },
})
const TRIALS = Number(values.trials)
const STEP_M = Number(values.step)
const DAY_MS = 24 * 3600 * 1000

// mulberry32: a seeded generator, so a run can be repeated exactly.
let state = Number(values.seed) >>> 0
function random() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const aroundLondon = () => ({ lat: 51.45 + random() * 0.1, lng: -0.2 + random() * 0.2 })
const median = (xs: readonly number[]) => quantile(xs, 0.5)
function quantile(xs: readonly number[], q: number) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits

/** Attack 1: a dog search (2 km, growing 1 km a day), cameras in every cell around, polled every 5 minutes for 6 hours. */
function pointInference() {
  const lastSeenAt = new Date('2026-12-01T08:00:00Z')
  const polls = Array.from({ length: 6 * 12 + 1 }, (_, i) => new Date(lastSeenAt.getTime() + 3600_000 + i * 5 * 60_000))
  const runs = Array.from({ length: TRIALS }, () => {
    const point = aroundLondon()
    const search: SimSearch = {
      cell: latLngToCell(point.lat, point.lng, COARSE_CELL_RESOLUTION),
      point,
      species: 'dog',
      radiusM: 2000,
      lastSeenAt,
    }
    const candidates = gridInCell(search.cell, STEP_M)
    return GEOMETRIES.map((g) => ({
      ...inferPoint(search, g, polls, candidates, 6),
      radius: g.usesPoint ? undefined : inferRadius(search, g, polls, 6),
    }))
  })
  return {
    settings: {
      trials: TRIALS,
      candidateGridM: STEP_M,
      species: 'dog',
      radiusM: 2000,
      polls: polls.length,
      pollEveryMinutes: 5,
      hours: 6,
      cameraRingK: 6,
      attackerKnowsRadius: true,
    },
    results: GEOMETRIES.map((g, i) => {
      const of = runs.map((r) => r[i]!)
      return {
        geometry: g.name,
        medianAreaFractionAfterFirstPoll: round(median(of.map((r) => r.firstPollAreaFraction)), 4),
        medianAreaFractionAfter6h: round(median(of.map((r) => r.finalAreaFraction)), 5),
        medianErrorM: Math.round(median(of.map((r) => r.errorM))),
        p90ErrorM: Math.round(
          quantile(
            of.map((r) => r.errorM),
            0.9,
          ),
        ),
        // With the point out of reach, how narrowly the polls pin the owner's radius (2000 m here).
        ...(of[0]!.radius && {
          medianRadiusSpreadM: Math.round(median(of.map((r) => r.radius!.maxM - r.radius!.minM))),
        }),
      }
    }),
  }
}

const ATTACKERS: readonly Attacker[] = [
  {
    name: 'fresh dummy cameras, registered after the search opened',
    owner: 'sybils',
    accountDaysBefore: -1,
    cameraDaysBefore: -1,
    activeDays: 0,
  },
  {
    name: 'old accounts, cameras added after the search opened, sending fake sightings daily',
    owner: 'sybils',
    accountDaysBefore: 60,
    cameraDaysBefore: -1,
    activeDays: 8,
  },
  {
    name: 'the pet owner’s own cameras, prepared before the search',
    owner: 'viewer',
    accountDaysBefore: 60,
    cameraDaysBefore: 30,
    activeDays: 20,
  },
  {
    name: 'sybil accounts and cameras prepared 2 weeks before the search, sending fake sightings',
    owner: 'sybils',
    accountDaysBefore: 15,
    cameraDaysBefore: 8,
    activeDays: 8,
  },
]

/** Attack 2: honest cameras scattered over a dog search's reach, some alone in their cell; dummy cameras added in every cell. */
function trailAttack() {
  const viewerId = 'pet-owner'
  const lastSeenAt = new Date('2026-12-01T08:00:00Z')
  const openedAt = new Date(lastSeenAt.getTime() + 3600_000)
  // Day 10 of the 14 the trail shows: late enough for cameras added after the search to be a week old.
  const now = new Date(lastSeenAt.getTime() + 10 * DAY_MS)
  const scenarios = [
    { rule: 'before' as const, attacker: undefined },
    { rule: 'before' as const, attacker: ATTACKERS[0] },
    { rule: 'after' as const, attacker: undefined },
    ...ATTACKERS.map((attacker) => ({ rule: 'after' as const, attacker })),
  ]
  const totals = scenarios.map(() => ({ lone: 0, exposed: 0, cells: 0 }))
  for (let trial = 0; trial < TRIALS; trial++) {
    const at = aroundLondon()
    const cells = cellsReachedBy(
      latLngToCell(at.lat, at.lng, COARSE_CELL_RESOLUTION),
      coarseReachM('dog', 2000, lastSeenAt, new Date(lastSeenAt.getTime() + DAY_MS)),
    )
    const honest: SimCamera[] = []
    for (const cell of cells) {
      const r = random()
      const n = r < 0.4 ? 0 : r < 0.75 ? 1 : r < 0.9 ? 2 : 3
      for (let i = 0; i < n; i++)
        honest.push({
          cell,
          honest: true,
          ownerId: `neighbour-${honest.length}`,
          consentActive: true,
          registeredAt: new Date(now.getTime() - 60 * DAY_MS),
          activeDays: 20,
          lastActiveDay: Math.floor(now.getTime() / DAY_MS),
          ownerCreatedAt: new Date(now.getTime() - 90 * DAY_MS),
        })
    }
    const sawPet = new Set(honest.filter(() => random() < 0.15))
    const counts = new Map<string, CandidateCount>()
    for (const camera of sawPet) {
      const hour = new Date(Math.floor((now.getTime() - random() * DAY_MS) / 3600_000) * 3600_000)
      const key = `${camera.cell}|${hour.toISOString()}`
      const c = counts.get(key)
      counts.set(key, { cell: camera.cell, hour, sightings: (c?.sightings ?? 0) + 1 + Math.floor(random() * 3) })
    }
    scenarios.forEach((s, i) => {
      const attackers = attackerCameras(cells, s.attacker, viewerId, openedAt, now)
      const result = exposedLoneCameras(
        honest,
        attackers,
        sawPet,
        [...counts.values()],
        s.rule,
        viewerId,
        openedAt,
        now,
      )
      totals[i]!.lone += result.loneThatSawPet
      totals[i]!.exposed += result.exposed
      totals[i]!.cells += cells.length
    })
  }
  return {
    settings: {
      trials: TRIALS,
      species: 'dog',
      radiusM: 2000,
      reachOnDay: 1,
      trailReadOnDay: 10,
      honestCamerasPerCell: '0: 40 %, 1: 35 %, 2: 15 %, 3: 10 %',
      pSawPet: 0.15,
      attackerCamerasPerCell: 1,
    },
    results: scenarios.map((s, i) => {
      const cameras = s.attacker ? Math.round(totals[i]!.cells / TRIALS) : 0
      return {
        rule: s.rule,
        attacker: s.attacker?.name ?? 'none',
        attackerCameras: cameras,
        // Before the fix one account could hold them all; now 10 an account.
        attackerAccounts: !s.attacker
          ? 0
          : s.rule === 'before' || s.attacker.owner === 'viewer'
            ? 1
            : Math.ceil(cameras / 10),
        loneCamerasThatSawThePet: totals[i]!.lone,
        exposed: totals[i]!.exposed,
        exposedFraction: totals[i]!.lone ? round(totals[i]!.exposed / totals[i]!.lone) : 0,
      }
    }),
  }
}

/** What honest users pay for the rounding: how many more cells a search reaches, over every radius. */
function reachCost() {
  const cell = latLngToCell(51.5, -0.12, COARSE_CELL_RESOLUTION)
  const ratios: number[] = []
  for (let r = 500; r <= 10_000; r += 50) {
    const exact = circleAroundCell(cell, r)
    ratios.push(
      cellsReachedBy(cell, Math.ceil(r / REACH_STEP_M) * REACH_STEP_M).length /
        cellsWithin(exact.centre, exact.radiusM).length,
    )
  }
  return {
    radiiM: '500–10000 in 50 m steps',
    meanExtraCellsFraction: round(ratios.reduce((a, b) => a + b, 0) / ratios.length - 1),
    maxExtraCellsFraction: round(Math.max(...ratios) - 1),
  }
}

const started = Date.now()
const out = {
  pointInference: pointInference(),
  reachCost: reachCost(),
  trailAttack: trailAttack(),
  seconds: Math.round((Date.now() - started) / 1000),
}
console.log(JSON.stringify(out, null, 2))
