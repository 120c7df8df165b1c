import type { Clock } from '../clock.ts'
import type { Kysely, Updateable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { MatchQueue } from '../matches/match.queue.ts'
import { AppError, invalidInput, notFound } from '../errors.ts'
import { toCoarseCell } from '../geo/cells.ts'
import type { PetPhotoAnalyzer } from '../photos/pet-photo.ts'
import type { PhotoImages } from '../photos/photo-format.ts'
import {
  assertPhotoDecisions,
  checkPhotos,
  matchingPetOf,
  photoProblems,
  type PhotoDecisions,
} from '../photos/photo-check.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import { assertUnderRate, limitsOf, windowStart, type AbuseLimits } from '../http/abuse-limits.ts'
import type { PointSealer } from './last-seen-seal.ts'
import { activateHeldSearchRow, insertHold } from './search-hold.repository.ts'
import { assertNoLookalikeChange, checkLookalike, vectorOfPet, type PhotoVector } from './search-hold.service.ts'
import * as repo from './search.repository.ts'
import { DUPLICATE_PHOTO_SIMILARITY } from './search.rules.ts'
import { checkLastSeenAt, defaultRadiusM, isOpen, searchExpiry } from './search.rules.ts'
import type { LostSearch, LostSearchTable, SearchStatus, Species } from './search.table.ts'

export interface SearchDeps {
  readonly db: Kysely<Database>
  readonly storage: BlobStorage
  readonly petPhotos: PetPhotoAnalyzer
  readonly photoImages: PhotoImages
  readonly matchQueue: MatchQueue
  readonly now: Clock
  readonly limits?: Partial<AbuseLimits> | undefined
  readonly matching?: { readonly minSimilarity: number } | undefined
  /** Seals the exact last-seen point for its owner (src/searches/last-seen-seal.ts); buildApp always sets it. */
  readonly pointSealer?: PointSealer | undefined
}

function sealerOf(deps: SearchDeps): PointSealer {
  if (!deps.pointSealer) throw new Error('no point sealer: searches are written through buildApp')
  return deps.pointSealer
}

/** The owner's copy of the point, opened for the owner's own answer; other readers never get it. */
async function withOwnPoint<T extends LostSearch>(
  deps: { pointSealer?: PointSealer | undefined },
  search: T,
): Promise<T> {
  if (!search.last_seen_sealed || !deps.pointSealer) return search
  const point = await deps.pointSealer.open(search.owner_id, search.last_seen_sealed)
  return { ...search, last_seen_lat: point.lat, last_seen_lng: point.lng }
}

export interface OpenSearchInput extends PhotoDecisions {
  readonly species: Species
  readonly name: string
  readonly description?: string | undefined
  readonly lastSeenAt: string
  readonly lastSeenLat: number
  readonly lastSeenLng: number
  readonly radiusM?: number | undefined
  /** The owner says this look-alike of one of their open searches is another pet. */
  readonly distinctPet?: boolean | undefined
  readonly photos: readonly File[]
}

export interface SearchUpdate {
  readonly name?: string | undefined
  readonly description?: string | undefined
  readonly lastSeenAt?: string | undefined
  readonly lastSeen?: { lat: number; lng: number } | undefined
  readonly radiusM?: number | undefined
}

const clock = (deps: SearchDeps) => deps.now()

function assertLastSeenAt(value: string, now: Date): Date {
  const lastSeenAt = new Date(value)
  const problem = checkLastSeenAt(lastSeenAt, now)
  if (problem === 'in-future') throw invalidInput('lastSeenAt: is in the future')
  if (problem === 'too-old') throw invalidInput('lastSeenAt: is more than 90 days ago')
  return lastSeenAt
}

/**
 * Opens a search. Every photo is checked and re-encoded before anything is written, so a bad photo changes
 * nothing; files written before a failed insert are removed again. A photo with no pet found, or with the
 * other species, is asked about (src/photos/photo-check.ts); a kept photo without a pet has no embedding, so
 * only the photos with a pet are matched. Each of those keeps the embedding of its best pet crop.
 */
export async function openSearch(deps: SearchDeps, ownerId: string, input: OpenSearchInput): Promise<LostSearch> {
  const now = clock(deps)
  const lastSeenAt = assertLastSeenAt(input.lastSeenAt, now)
  await assertMaySearch(deps, ownerId, now)
  const fieldOf = (index: number) => `photos[${index}]`
  const checked = await checkPhotos(deps, input.photos, input.species, fieldOf)
  assertPhotoDecisions(photoProblems(checked, fieldOf), input, input.species)
  const photos = checked.map(({ photo, verdict }) => ({ ...photo, pet: matchingPetOf(verdict) }))
  const photoVectors = photos.map((photo) => (photo.pet ? vectorOfPet(photo.pet) : undefined))
  const vectors = photoVectors.filter((v) => v !== undefined)
  if (!input.distinctPet) await assertNotOwnDuplicate(deps, ownerId, input.species, vectors)
  const radiusM = input.radiusM ?? defaultRadiusM(input.species)
  const lookalike = await checkLookalike(deps, ownerId, {
    species: input.species,
    point: { lat: input.lastSeenLat, lng: input.lastSeenLng },
    radiusM,
    photos: vectors,
  })
  const keys = photos.map(() => `searches/${crypto.randomUUID()}.jpg`)
  try {
    await Promise.all(photos.map((photo, i) => deps.storage.put(keys[i]!, photo.data)))
    const { search, wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
      const search = await repo.insertSearch(trx, {
        owner_id: ownerId,
        species: input.species,
        name: input.name,
        description: input.description ?? '',
        last_seen_at: lastSeenAt,
        last_seen_sealed: await sealerOf(deps).seal(ownerId, { lat: input.lastSeenLat, lng: input.lastSeenLng }),
        last_seen_cell: toCoarseCell({ lat: input.lastSeenLat, lng: input.lastSeenLng }),
        radius_m: radiusM,
        expires_at: searchExpiry(now),
        // Held: not public, not matched, no trail, until the owner of the look-alike search decides.
        ...(lookalike.kind === 'hold' && { status: 'held' as const }),
      })
      await repo.insertSearchPhotos(
        trx,
        photos.map((photo, position) => ({
          search_id: search.id,
          position,
          storage_key: keys[position]!,
          content_type: photo.contentType,
          width: photo.width,
          height: photo.height,
          bytes: photo.data.byteLength,
          model_id: photoVectors[position]?.modelId ?? null,
          embedding: photoVectors[position]?.embedding ?? null,
        })),
      )
      if (lookalike.kind === 'hold') {
        await insertHold(trx, {
          held_search_id: search.id,
          first_search_id: lookalike.firstSearchId,
          held_owner_id: ownerId,
          similarity: lookalike.similarity,
        })
        return { search, wakeMatcher: () => {} }
      }
      return { search, wakeMatcher: await deps.matchQueue.searchChanged(trx, search.id) }
    })
    wakeMatcher() // committed: the match job is visible now
    return await withOwnPoint(deps, search)
  } catch (error) {
    await Promise.allSettled(keys.map((key) => deps.storage.delete(key)))
    throw error
  }
}

/** Floods: a few active searches per account, and a daily rate on opening them. */
async function assertMaySearch(deps: SearchDeps, ownerId: string, now: Date) {
  const limits = limitsOf(deps)
  const rule = limits.searchesPerAccount
  assertUnderRate(
    await repo.searchCreationsSince(deps.db, ownerId, windowStart(rule, now), rule.limit),
    rule,
    now,
    'searches opened today',
  )
  if ((await repo.countActiveSearches(deps.db, ownerId)) >= limits.activeSearchesPerAccount)
    throw new AppError(
      'CONFLICT',
      `You already have ${limits.activeSearchesPerAccount} active searches; close one that is over before opening another`,
    )
}

/** The same pet twice from one account would show it twice in every neighbour's feed: edit the open search instead. */
export async function assertNotOwnDuplicate(
  deps: SearchDeps,
  ownerId: string,
  species: Species,
  photos: readonly PhotoVector[],
  exceptSearchId?: string,
) {
  if (!limitsOf(deps).refuseDuplicatePhotos) return
  for (const photo of photos) {
    const closest = await repo.findClosestOpenSearchPhoto(deps.db, {
      ownerId,
      own: true,
      species,
      ...photo,
      ...(exceptSearchId !== undefined && { exceptSearchId }),
    })
    if (closest && closest.similarity >= DUPLICATE_PHOTO_SIMILARITY)
      throw new AppError(
        'CONFLICT',
        `This pet is already in your open search "${closest.name}" (${closest.id}); update that search instead, or confirm it is another pet (distinctPet)`,
      )
  }
}

export async function getOwnSearch(
  deps: Pick<SearchDeps, 'db'> & { pointSealer?: PointSealer | undefined },
  ownerId: string,
  id: string,
): Promise<LostSearch> {
  const search = await repo.findOwnSearch(deps.db, id, ownerId)
  if (!search) throw notFound('Search')
  return withOwnPoint(deps, search)
}

export async function listOwnSearches(deps: SearchDeps, ownerId: string, status?: SearchStatus) {
  const searches = await repo.listOwnSearches(deps.db, ownerId, status)
  return Promise.all(searches.map((search) => withOwnPoint(deps, search)))
}

export async function updateSearch(deps: SearchDeps, ownerId: string, id: string, update: SearchUpdate) {
  const current = await getOwnSearch(deps, ownerId, id)
  if (!isOpen(current.status)) throw new AppError('CONFLICT', `A ${current.status} search cannot be changed`)
  const patch: Updateable<LostSearchTable> = {}
  if (update.name !== undefined) patch.name = update.name
  if (update.description !== undefined) patch.description = update.description
  if (update.radiusM !== undefined) patch.radius_m = update.radiusM
  if (update.lastSeenAt !== undefined) patch.last_seen_at = assertLastSeenAt(update.lastSeenAt, clock(deps))
  if (update.lastSeen || update.radiusM !== undefined) {
    const point = update.lastSeen ?? { lat: current.last_seen_lat!, lng: current.last_seen_lng! }
    const photos = await repo.searchPhotoVectors(deps.db, id)
    await assertNoLookalikeChange(deps, ownerId, id, {
      species: current.species,
      point,
      radiusM: update.radiusM ?? current.radius_m,
      photos,
    })
  }
  if (update.lastSeen) {
    Object.assign(patch, {
      last_seen_sealed: await sealerOf(deps).seal(ownerId, update.lastSeen),
      last_seen_lat: null,
      last_seen_lng: null,
    })
    patch.last_seen_cell = toCoarseCell(update.lastSeen)
  }
  return updateAndRematch(deps, ownerId, id, patch)
}

/** Saves a change to an open search and, in the same transaction, queues matching it again. */
async function updateAndRematch(deps: SearchDeps, ownerId: string, id: string, patch: Updateable<LostSearchTable>) {
  const { updated, wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
    const updated = await repo.updateOwnSearch(trx, id, ownerId, patch, clock(deps))
    if (!updated) throw notFound('Search')
    return {
      updated,
      wakeMatcher: updated.status === 'active' ? await deps.matchQueue.searchChanged(trx, updated.id) : undefined,
    }
  })
  wakeMatcher?.() // committed: the match job is visible now
  return withOwnPoint(deps, updated)
}

/** Keeps a search going for another 30 days from now; a lapsed (expired) one becomes active again. */
export async function renewSearch(deps: SearchDeps, ownerId: string, id: string) {
  const current = await getOwnSearch(deps, ownerId, id)
  if (!isOpen(current.status)) throw new AppError('CONFLICT', `A ${current.status} search cannot be renewed`)
  const cap = limitsOf(deps).activeSearchesPerAccount
  if (current.status !== 'active' && (await repo.countActiveSearches(deps.db, ownerId)) >= cap)
    throw new AppError(
      'CONFLICT',
      `You already have ${cap} active searches; close one that is over before renewing another`,
    )
  return updateAndRematch(deps, ownerId, id, { status: 'active', expires_at: searchExpiry(clock(deps)) })
}

export async function getPublicSearch(deps: SearchDeps, id: string) {
  const search = await repo.findPublicSearch(deps.db, id)
  if (!search) throw notFound('Lost pet')
  return search
}

export async function readSearchPhoto(deps: SearchDeps, search: LostSearch, photoId: string) {
  const photo = await repo.findPhoto(deps.db, search.id, photoId)
  const bytes = photo && (await deps.storage.get(photo.storage_key))
  if (!photo || !bytes) throw notFound('Photo')
  return { bytes, contentType: photo.content_type }
}

export function photosOf(deps: SearchDeps, searchIds: readonly string[]) {
  return repo.listPhotosOf(deps.db, searchIds)
}

/** A held search released by the owner of the look-alike: it goes ahead as if just opened. */
export async function activateHeldSearch(deps: SearchDeps, heldSearchId: string) {
  const { wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
    const updated = await activateHeldSearchRow(trx, heldSearchId, clock(deps))
    return { wakeMatcher: updated ? await deps.matchQueue.searchChanged(trx, heldSearchId) : undefined }
  })
  wakeMatcher?.()
}
