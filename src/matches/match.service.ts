import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { findEmbeddingModel } from '../../models/registry.ts'
import type { AlertEvents } from '../alerts/alert.events.ts'
import { recordAlerts, type CameraSighting } from '../alerts/alert-recording.service.ts'
import { SPECIES } from '../contracts/species.ts'
import type { Database } from '../db/database.ts'
import type { Species } from '../searches/search.table.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import type { MatchQueue } from './match.queue.ts'
import * as repo from './match.repository.ts'
import { cellsReachedBy, coarseReachM, reachesCell } from './search-reach.rules.ts'
import type { SightingCodeCache } from './sighting-code-cache.ts'
import { signCodeOf } from './sign-code.ts'
import { earliestCandidateCapture, maxDistanceFor, signCodeBound, similarityOf } from './match.rules.ts'

export interface MatchSettings {
  /** The embedding model whose vectors are compared; other models' sightings are never candidates. */
  readonly modelId: string
  /** Cosine similarity from the vision evaluation (≤ 1 % false alerts) for that model. */
  readonly minSimilarity: number
}

export interface MatchDeps {
  readonly db: Kysely<Database>
  readonly matching: MatchSettings
  readonly alertEvents: AlertEvents
  /** Required: an alert opened without it would reach its camera owner by no channel at all. */
  readonly notifier: Notifier
  /** Schedules the pet owner's batched trail notice when sightings match their search. */
  readonly trailNotices: Pick<MatchQueue, 'trailActivity'>
  /** Answers the first step of matching in memory (README, Matching); the database answers without it. */
  readonly codeCache?: SightingCodeCache
  readonly now: Clock
}

export type MatchOutcome =
  { kind: 'skipped'; reason: string } | { kind: 'done'; alertsOpened: number; alertsUpdated: number }

const CANDIDATE_LIMIT = 500

type MatchableSearch = NonNullable<Awaited<ReturnType<typeof repo.findMatchableSearch>>>

/** Which sightings could be this search's pet now: its species and model, within its grown reach and time. */
export async function candidateFilterFor(
  deps: Pick<MatchDeps, 'db' | 'matching'>,
  search: MatchableSearch,
  now: Date,
): Promise<repo.CandidateFilter> {
  const embeddings = await repo.searchPhotoEmbeddings(deps.db, search.id, deps.matching.modelId)
  // Matching knows the cell and a coarse reach, not the point (sealed for the owner): search-reach.rules.ts.
  const reachM = coarseReachM(search.species, search.radius_m, search.last_seen_at, now)
  return {
    species: search.species,
    modelId: deps.matching.modelId,
    cells: cellsReachedBy(search.last_seen_cell, reachM),
    capturedSince: earliestCandidateCapture(search.last_seen_at),
    now,
    embeddings,
    maxDistance: maxDistanceFor(deps.matching.minSimilarity),
    codeBound: codeBoundFor(deps.matching),
  }
}

/** The sign-bit prefilter's bound for the matching model, or none when its sign bits do not track the angle. */
export function codeBoundFor(matching: MatchSettings): number | undefined {
  const model = findEmbeddingModel(matching.modelId)
  return model?.signBitsTrackAngle ? signCodeBound(model.dimension, matching.minSimilarity) : undefined
}

/**
 * The filter with its first step answered by the code cache, when there is one that holds the model's
 * codes. A new batch's few sightings (`sightingIds`) are looked up directly instead.
 */
export async function withCachedNear(
  deps: Pick<MatchDeps, 'codeCache'>,
  filter: repo.CandidateFilter,
): Promise<repo.CandidateFilter> {
  if (!deps.codeCache || filter.codeBound === undefined || filter.sightingIds) return filter
  const near = await deps.codeCache.near({
    species: filter.species,
    modelId: filter.modelId,
    cells: filter.cells,
    capturedSince: filter.capturedSince.getTime(),
    codes: filter.embeddings.map((e) => signCodeOf(JSON.parse(e) as number[])),
    bound: filter.codeBound,
  })
  return near ? { ...filter, near } : filter
}

/** The sightings that pass the filter and the threshold, best first, as the matcher runs it. */
export async function findCandidates(deps: Pick<MatchDeps, 'db' | 'codeCache'>, filter: repo.CandidateFilter) {
  return repo.findCandidateSightings(deps.db, { ...(await withCachedNear(deps, filter)), limit: CANDIDATE_LIMIT })
}

async function candidatesFor(deps: MatchDeps, search: MatchableSearch, now: Date, sightingIds?: readonly string[]) {
  return findCandidates(deps, { ...(await candidateFilterFor(deps, search, now)), ...(sightingIds && { sightingIds }) })
}

/** A matcher's candidate as the alert it raises records it: similarity rounded to 4 places. */
const toCameraSighting = (c: repo.CandidateSighting): CameraSighting => ({
  cameraId: c.camera_id,
  ownerId: c.camera_owner_id,
  sighting: {
    sightingId: c.id,
    capturedAt: c.captured_at.toISOString(),
    snapshotRef: c.snapshot_ref,
    similarity: Math.round(similarityOf(c.distance) * 1e4) / 1e4,
  },
})

/** Records the candidates' alerts (alerts/alert-recording.service.ts), then schedules the pet owner's trail notice. */
async function recordMatches(
  deps: MatchDeps,
  searchId: string,
  candidates: readonly repo.CandidateSighting[],
  now: Date,
) {
  const recorded = await recordAlerts(deps, searchId, candidates.map(toCameraSighting), now)
  if (candidates.length > 0)
    await deps.db.transaction().execute((trx) => deps.trailNotices.trailActivity(trx, searchId, now))
  return recorded
}

/** A new or changed search, matched against the sightings held since shortly before it was lost. */
export async function matchSearch(deps: MatchDeps, searchId: string): Promise<MatchOutcome> {
  const now = deps.now()
  // Re-read: the search may have closed while this job waited.
  const search = await repo.findMatchableSearch(deps.db, searchId)
  if (!search || search.status !== 'active') return { kind: 'skipped', reason: 'search is not active' }
  const candidates = await candidatesFor(deps, search, now)
  return { kind: 'done', ...(await recordMatches(deps, search.id, candidates, now)) }
}

/** The active searches of these species whose radius, grown until `at`, reaches a coarse cell. */
export async function activeSearchesReaching(
  db: Kysely<Database>,
  cell: string,
  species: readonly Species[],
  at: Date,
) {
  return (await repo.listActiveSearches(db, species)).filter((s) =>
    reachesCell(s.last_seen_cell, coarseReachM(s.species, s.radius_m, s.last_seen_at, at), cell),
  )
}

async function searchesReachingCamera(deps: MatchDeps, cameraId: string) {
  const camera = await repo.findCameraCell(deps.db, cameraId)
  return camera ? activeSearchesReaching(deps.db, camera.cell, SPECIES, deps.now()) : []
}

/** What a private-mode agent matches against: the searches reaching its camera, with their photos' embeddings. */
export async function searchesCoveringCamera(deps: MatchDeps, cameraId: string) {
  const searches = await searchesReachingCamera(deps, cameraId)
  return Promise.all(
    searches.map(async (s) => ({
      id: s.id,
      species: s.species,
      lastSeenAt: s.last_seen_at.toISOString(),
      embeddings: (await repo.searchPhotoEmbeddingsAllModels(deps.db, s.id)).map((e) => ({
        modelId: e.model_id,
        vector: JSON.parse(e.embedding) as number[],
      })),
    })),
  )
}

export interface PrivateMatchReport {
  readonly clientId: string
  readonly searchId: string
  readonly matchedAt: string
  readonly score: number
}

/**
 * A private-mode agent matched on the device and reports only "search Y, time T, score S". Reports for
 * searches that no longer reach the camera are ignored; a re-sent report (same clientId) changes nothing.
 */
export async function recordPrivateMatches(
  deps: MatchDeps,
  camera: { id: string; ownerId: string },
  reports: readonly PrivateMatchReport[],
) {
  const now = deps.now()
  const reachable = new Set((await searchesReachingCamera(deps, camera.id)).map((s) => s.id))
  let accepted = 0
  for (const report of reports) {
    if (!reachable.has(report.searchId) || report.score < deps.matching.minSimilarity) continue
    await recordMatches(
      deps,
      report.searchId,
      [
        {
          id: `private:${report.clientId}`,
          camera_id: camera.id,
          camera_owner_id: camera.ownerId,
          captured_at: new Date(report.matchedAt),
          snapshot_ref: report.clientId,
          distance: 1 - report.score,
        },
      ],
      now,
    )
    accepted++
  }
  return { accepted, ignored: reports.length - accepted }
}

/** A camera's new batch of sightings, matched against the active searches whose area covers the camera. */
export async function matchSightings(
  deps: MatchDeps,
  cameraId: string,
  sightingIds: readonly string[],
): Promise<MatchOutcome> {
  const now = deps.now()
  const camera = await repo.findCameraCell(deps.db, cameraId)
  if (!camera || sightingIds.length === 0) return { kind: 'skipped', reason: 'nothing to match' }
  const species = await repo.speciesOfSightings(deps.db, sightingIds)
  const searches = await activeSearchesReaching(deps.db, camera.cell, species, now)
  let alertsOpened = 0
  let alertsUpdated = 0
  for (const search of searches) {
    const result = await recordMatches(deps, search.id, await candidatesFor(deps, search, now, sightingIds), now)
    alertsOpened += result.alertsOpened
    alertsUpdated += result.alertsUpdated
  }
  return { kind: 'done', alertsOpened, alertsUpdated }
}
