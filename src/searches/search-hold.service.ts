import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { appendAuditEntry } from '../audit/audit.service.ts'
import type { Database } from '../db/database.ts'
import { toVectorLiteral } from '../db/vector.ts'
import { AppError, notFound } from '../errors.ts'
import { circleAroundCell, describeCoarseArea, distanceM, type LatLng } from '../geo/cells.ts'
import { limitsOf, type AbuseLimits } from '../http/abuse-limits.ts'
import type { PetInPhoto } from '../photos/pet-photo.ts'
import * as holds from './search-hold.repository.ts'
import * as repo from './search.repository.ts'
import { LOOKALIKE_NEARBY_M, LOOKALIKE_WINDOW_DAYS } from './search.rules.ts'
import type { Species } from './search.table.ts'

export interface HoldDeps {
  readonly db: Kysely<Database>
  readonly matching?: { readonly minSimilarity: number } | undefined
  readonly limits?: Partial<AbuseLimits> | undefined
  readonly now: Clock
}

export type LookalikeCheck = { kind: 'clear' } | { kind: 'hold'; firstSearchId: string; similarity: number }

/** A photo's embedding as it is stored and compared: a vector literal and its model. */
export interface PhotoVector {
  readonly modelId: string
  readonly embedding: string
}

export const vectorOfPet = (pet: PetInPhoto): PhotoVector => ({
  modelId: pet.modelId,
  embedding: toVectorLiteral(Array.from(pet.embedding)),
})

interface LookalikeQuery {
  readonly species: Species
  readonly point: LatLng
  readonly radiusM: number
  readonly photos: readonly PhotoVector[]
  /** Searches that no longer hold this one: their owners released it. */
  readonly released?: readonly string[]
}

/**
 * Pet-as-proxy: a search whose photos show a pet another account is already searching for, near the
 * same place, is held for that account to decide. An account that keeps running into holds is refused.
 */
export async function checkLookalike(deps: HoldDeps, ownerId: string, q: LookalikeQuery): Promise<LookalikeCheck> {
  const limits = limitsOf(deps)
  if (!limits.holdLookalikeSearches || !deps.matching) return { kind: 'clear' }
  let best: { firstSearchId: string; similarity: number } | undefined
  for (const photo of q.photos) {
    const similar = await repo.findSimilarOpenSearchPhotos(deps.db, {
      ownerId,
      own: false,
      species: q.species,
      modelId: photo.modelId,
      embedding: photo.embedding,
      limit: 20,
    })
    for (const other of similar) {
      if (other.similarity < deps.matching.minSimilarity) break
      if (q.released?.includes(other.id)) continue
      const circle = circleAroundCell(other.last_seen_cell, other.radius_m)
      if (distanceM(q.point, circle.centre) > circle.radiusM + q.radiusM + LOOKALIKE_NEARBY_M) continue
      if (!best || other.similarity > best.similarity) best = { firstSearchId: other.id, similarity: other.similarity }
    }
  }
  if (!best) return { kind: 'clear' }
  const now = deps.now()
  const since = new Date(now.getTime() - LOOKALIKE_WINDOW_DAYS * 24 * 3600 * 1000)
  if ((await holds.countHoldsAgainst(deps.db, ownerId, since)) >= limits.lookalikeAttemptsAllowed) {
    await holds.recordProxyRefusal(deps.db)
    throw new AppError(
      'CONFLICT',
      'Someone nearby is already searching for a pet that looks like this one, and your earlier searches like it are waiting or were declined. This search was not opened.',
    )
  }
  return { kind: 'hold', ...best }
}

/**
 * An open search may not gain a look-alike of another account's search later, by a new photo or by moving
 * or widening its place: that would bypass the hold a new search gets. Such a change is refused instead;
 * a search the other owner already let go ahead stays free to change.
 */
export async function assertNoLookalikeChange(
  deps: HoldDeps,
  ownerId: string,
  searchId: string,
  q: Omit<LookalikeQuery, 'released'>,
) {
  const check = await checkLookalike(deps, ownerId, { ...q, released: await holds.releasedBy(deps.db, searchId) })
  if (check.kind === 'hold')
    throw new AppError(
      'CONFLICT',
      'Someone nearby is already searching for a pet that looks like this one, so this change was not made. If it is the same pet, open a new search with this photo: the other owner will be asked.',
    )
}

const holdAudit = (actorId: string, action: string, hold: { held_search_id: string; held_owner_id: string }) => ({
  actorType: 'user' as const,
  actorId,
  action,
  subjectType: 'lost_search',
  subjectId: hold.held_search_id,
  subjectOwnerId: hold.held_owner_id,
})

/** The look-alike searches waiting on the owner's search: enough to recognise a co-owner, nothing about who. */
export async function listHolds(deps: HoldDeps, ownerId: string, searchId: string) {
  if (!(await repo.findOwnSearch(deps.db, searchId, ownerId))) throw notFound('Search') // another's search is simply not there
  const rows = await holds.listPendingHolds(deps.db, searchId, ownerId)
  // The held searches belong to other people: each read is in their audit trail.
  if (rows.length > 0)
    await deps.db.transaction().execute(async (trx) => {
      for (const row of rows) await appendAuditEntry(trx, holdAudit(ownerId, 'search.hold.read', row))
    })
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at.toISOString(),
    similarity: Math.round(row.similarity * 100) / 100,
    pet: {
      name: row.name,
      description: row.description,
      lastSeenAt: row.last_seen_at.toISOString(),
      area: describeCoarseArea(row.last_seen_cell),
    },
  }))
}

/** The first owner decides: released, the held search goes ahead (activate); refused, it is closed. */
export async function decideHold(
  deps: HoldDeps,
  ownerId: string,
  searchId: string,
  holdId: string,
  decision: 'released' | 'refused',
  activate: (heldSearchId: string) => Promise<void>,
) {
  const now = deps.now()
  const decided = await deps.db.transaction().execute(async (trx) => {
    const row = await holds.decideHold(trx, holdId, searchId, ownerId, decision, now)
    if (row) await appendAuditEntry(trx, holdAudit(ownerId, `search.hold.${decision}`, row))
    return row
  })
  if (!decided) throw notFound('Waiting search')
  if (decision === 'released') await activate(decided.held_search_id)
  else await holds.closeHeldSearch(deps.db, decided.held_search_id, now)
}
