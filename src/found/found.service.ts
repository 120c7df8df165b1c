import type { Clock } from '../clock.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { AppError, invalidInput, notFound } from '../errors.ts'
import { describeCoarseArea, toCoarseCell } from '../geo/cells.ts'
import type { MatchQueue } from '../matches/match.queue.ts'
import { earliestCandidateCapture, maxDistanceFor } from '../matches/match.rules.ts'
import { activeSearchesReaching, type MatchSettings } from '../matches/match.service.ts'
import type { PetPhotoAnalyzer } from '../photos/pet-photo.ts'
import type { PhotoImages } from '../photos/photo-format.ts'
import {
  assertPhotoDecisions,
  checkPhotos,
  matchingPetOf,
  photoProblems,
  type PhotoDecisions,
} from '../photos/photo-check.ts'
import { getOwnSearch } from '../searches/search.service.ts'
import { checkLastSeenAt, searchExpiry } from '../searches/search.rules.ts'
import type { Species } from '../searches/search.table.ts'
import { toVectorLiteral } from '../db/vector.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import { assertUnderRate, limitsOf, windowStart, type AbuseLimits } from '../http/abuse-limits.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import { findSearchOwner } from '../notifications/notice.repository.ts'
import * as repo from './found.repository.ts'

export interface FoundDeps {
  readonly db: Kysely<Database>
  readonly storage: BlobStorage
  readonly petPhotos: PetPhotoAnalyzer
  readonly photoImages: PhotoImages
  readonly matchQueue: MatchQueue
  readonly now: Clock
  readonly limits?: Partial<AbuseLimits> | undefined
}

export interface FoundPetInput extends PhotoDecisions {
  readonly species: Species
  readonly foundAt: string
  readonly lat: number
  readonly lng: number
  readonly description?: string | undefined
  readonly photo: File
}

/**
 * A finder's report; only the coarse cell of the place is kept. A photo with no pet found, or the other
 * species, is asked about like a lost pet's; one kept without a pet has no embedding and is never matched.
 */
export async function reportFoundPet(deps: FoundDeps, finderId: string, input: FoundPetInput) {
  const now = deps.now()
  const foundAt = new Date(input.foundAt)
  const problem = checkLastSeenAt(foundAt, now)
  if (problem)
    throw invalidInput(`foundAt: ${problem === 'in-future' ? 'is in the future' : 'is more than 90 days ago'}`)
  const rule = limitsOf(deps).foundReportsPerAccount
  assertUnderRate(
    await repo.reportTimesSince(deps.db, finderId, windowStart(rule, now), rule.limit),
    rule,
    now,
    'found-pet reports today',
  )
  const checked = await checkPhotos(deps, [input.photo], input.species, () => 'photo')
  assertPhotoDecisions(
    photoProblems(checked, () => 'photo'),
    input,
    input.species,
  )
  const { photo, verdict } = checked[0]!
  const pet = matchingPetOf(verdict)
  const photoKey = `found/${crypto.randomUUID()}.jpg`
  await deps.storage.put(photoKey, photo.data)
  try {
    const { found, wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
      const report = await repo.insertFoundReport(trx, {
        finder_id: finderId,
        species: input.species,
        cell: toCoarseCell({ lat: input.lat, lng: input.lng }),
        found_at: foundAt,
        description: input.description ?? '',
        photo_key: photoKey,
        model_id: pet?.modelId ?? null,
        embedding: pet ? toVectorLiteral(Array.from(pet.embedding)) : null,
        expires_at: searchExpiry(now),
      })
      const wakeMatcher = pet ? await deps.matchQueue.foundReported(trx, report.id) : () => {}
      return { found: toPublicFoundPet(report), wakeMatcher }
    })
    wakeMatcher() // committed: the match job is visible now
    return found
  } catch (error) {
    await deps.storage.delete(photoKey).catch(() => {})
    throw error
  }
}

export function toPublicFoundPet(report: {
  id: string
  species: Species
  cell: string
  found_at: Date
  description: string
  model_id?: string | null
}) {
  return {
    id: report.id,
    ...(report.model_id !== undefined && { usedForMatching: report.model_id !== null }),
    species: report.species,
    foundAt: report.found_at.toISOString(),
    area: describeCoarseArea(report.cell),
    description: report.description,
    photoUrl: `/api/found-pets/${report.id}/photo`,
  }
}

export async function getFoundPet(deps: Pick<FoundDeps, 'db'>, id: string) {
  const report = await repo.findActiveFoundReport(deps.db, id)
  if (!report) throw notFound('Found pet')
  return report
}

/** The page's view of a report: anyone sees an active one; its finder also sees it once closed or reunited. */
export async function getFoundPetFor(deps: Pick<FoundDeps, 'db'>, id: string, viewerId: string | undefined) {
  const own = viewerId === undefined ? undefined : await repo.findOwnFoundReport(deps.db, id, viewerId)
  if (own) return { report: toFinderFoundPet(own), mine: true }
  return { report: { ...toFinderFoundPet(await getFoundPet(deps, id)), closedAt: null }, mine: false }
}

export async function readFoundPetPhoto(deps: Pick<FoundDeps, 'db' | 'storage'>, id: string) {
  const report = await getFoundPet(deps, id)
  if (!report.masked_at) throw notFound('Photo') // stored before people were masked: served once the backfill masked it
  const bytes = await deps.storage.get(report.photo_key)
  if (!bytes) throw notFound('Photo')
  return bytes
}

/** The found reports that look like a search's pet, for that search's owner. */
export async function listFoundMatches(deps: Pick<FoundDeps, 'db'>, ownerId: string, searchId: string) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  const rows = await repo.listFoundMatchesOfSearch(deps.db, search.id)
  return rows.map((row) => ({ ...toPublicFoundPet(row), similarity: row.similarity }))
}

/**
 * Job: a new found report against the active searches of its species whose area reaches its cell. Each
 * search it newly links to tells its owner, in the same transaction (a retried job links and tells once).
 */
export async function matchFoundReport(
  deps: { db: Kysely<Database>; matching: MatchSettings; notifier: Pick<Notifier, 'ownerEvent'>; now: Clock },
  reportId: string,
) {
  const report = await repo.findActiveFoundReport(deps.db, reportId)
  if (!report || !report.embedding || report.model_id !== deps.matching.modelId)
    return { kind: 'skipped' as const, matches: 0 }
  // A pet found before it went missing (beyond the usual hour of slack) is not that pet.
  const searches = (await activeSearchesReaching(deps.db, report.cell, [report.species], report.found_at)).filter(
    (s) => earliestCandidateCapture(s.last_seen_at).getTime() <= report.found_at.getTime(),
  )
  const similar = await repo.bestPhotoSimilarities(deps.db, {
    searchIds: searches.map((s) => s.id),
    modelId: report.model_id,
    embedding: report.embedding,
    maxDistance: maxDistanceFor(deps.matching.minSimilarity),
  })
  const now = deps.now()
  const { linked, wakes } = await deps.db.transaction().execute(async (trx) => {
    const searchIds = await repo.insertFoundMatches(trx, report.id, similar)
    const wakes = []
    for (const searchId of searchIds) {
      const search = await findSearchOwner(trx, searchId)
      if (!search) continue
      const event = {
        kind: 'found',
        foundReportId: report.id,
        searchId,
        petName: search.name,
        species: report.species,
        foundAt: report.found_at,
      } as const
      wakes.push(await deps.notifier.ownerEvent(trx, search.owner_id, event, now))
    }
    return { linked: searchIds.length, wakes }
  })
  for (const wake of wakes) wake()
  return { kind: 'done' as const, matches: linked }
}

/** The finder closes their own report (the pet is back with its people, or no longer with them); another's is a 404. */
export async function closeFoundReport(deps: Pick<FoundDeps, 'db' | 'now'>, finderId: string, id: string) {
  const report = await repo.findOwnFoundReport(deps.db, id, finderId)
  if (!report) throw notFound('Found pet')
  if (report.status !== 'active') throw new AppError('CONFLICT', `This report is already ${report.status}`)
  const closed = await repo.closeOwnFoundReport(deps.db, id, finderId, deps.now())
  if (!closed) throw new AppError('CONFLICT', 'This report was closed meanwhile')
  return toFinderFoundPet(closed)
}

/** The finder's own reports, open and closed, for their "My searches" page. */
export async function listOwnFoundReports(deps: Pick<FoundDeps, 'db'>, finderId: string) {
  return (await repo.listOwnFoundReports(deps.db, finderId)).map(toFinderFoundPet)
}

/** The finder's view: also its status, whether it is matched, and when it closed. */
export function toFinderFoundPet(report: {
  id: string
  species: Species
  cell: string
  found_at: Date
  description: string
  model_id: string | null
  status: string
  closed_at: Date | null
}) {
  return {
    ...toPublicFoundPet(report),
    usedForMatching: report.model_id !== null,
    status: report.status as 'active' | 'closed' | 'reunited',
    closedAt: report.closed_at?.toISOString() ?? null,
  }
}
