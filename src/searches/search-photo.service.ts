import { AppError, notFound } from '../errors.ts'
import {
  assertPhotoDecisions,
  checkPhotos,
  matchingPetOf,
  photoProblems,
  type PhotoDecisions,
} from '../photos/photo-check.ts'
import * as repo from './search.repository.ts'
import { isOpen, MAX_PHOTOS } from './search.rules.ts'
import { assertNoLookalikeChange, vectorOfPet } from './search-hold.service.ts'
import { assertNotOwnDuplicate, getOwnSearch, type SearchDeps } from './search.service.ts'

/**
 * Adds a photo to an open search: checked, re-encoded and embedded like the first ones (a refused photo changes
 * nothing; one kept without a pet is shown, not matched), then matching runs again with it, in the same transaction.
 */
export async function addSearchPhoto(
  deps: SearchDeps,
  ownerId: string,
  id: string,
  file: File,
  decisions: PhotoDecisions = {},
) {
  const search = await getOwnSearch(deps, ownerId, id)
  if (!isOpen(search.status)) throw new AppError('CONFLICT', `A ${search.status} search cannot be changed`)
  const checked = await checkPhotos(deps, [file], search.species, () => 'photo')
  assertPhotoDecisions(
    photoProblems(checked, () => 'photo'),
    decisions,
    search.species,
  )
  const { photo, verdict } = checked[0]!
  const pet = matchingPetOf(verdict)
  const vector = pet && vectorOfPet(pet)
  if (vector) {
    await assertNotOwnDuplicate(deps, ownerId, search.species, [vector], id)
    await assertNoLookalikeChange(deps, ownerId, id, {
      species: search.species,
      point: { lat: search.last_seen_lat!, lng: search.last_seen_lng! },
      radiusM: search.radius_m,
      photos: [vector],
    })
  }
  const key = `searches/${crypto.randomUUID()}.jpg`
  await deps.storage.put(key, photo.data)
  try {
    const wakeMatcher = await deps.db.transaction().execute(async (trx) => {
      const locked = await repo.lockOwnSearch(trx, id, ownerId)
      if (!locked) throw notFound('Search')
      if (!isOpen(locked.status)) throw new AppError('CONFLICT', `A ${locked.status} search cannot be changed`)
      const taken = new Set(await repo.photoPositions(trx, id))
      const position = Array.from({ length: MAX_PHOTOS }, (_, i) => i).find((p) => !taken.has(p))
      if (position === undefined)
        throw new AppError('CONFLICT', `A search has at most ${MAX_PHOTOS} photos: remove one first`)
      await repo.insertSearchPhotos(trx, [
        {
          search_id: id,
          position,
          storage_key: key,
          content_type: photo.contentType,
          width: photo.width,
          height: photo.height,
          bytes: photo.data.byteLength,
          model_id: vector?.modelId ?? null,
          embedding: vector?.embedding ?? null,
        },
      ])
      await repo.updateOwnSearch(trx, id, ownerId, {}, deps.now())
      return locked.status === 'active' ? await deps.matchQueue.searchChanged(trx, id) : undefined
    })
    wakeMatcher?.()
  } catch (error) {
    await deps.storage.delete(key).catch(() => undefined)
    throw error
  }
  return getOwnSearch(deps, ownerId, id)
}

/** Removes one photo (never the last: a search needs one to match on); its file goes once the row is gone. */
export async function removeSearchPhoto(deps: SearchDeps, ownerId: string, id: string, photoId: string) {
  const { storageKey, wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockOwnSearch(trx, id, ownerId)
    if (!locked) throw notFound('Search')
    if (!isOpen(locked.status)) throw new AppError('CONFLICT', `A ${locked.status} search cannot be changed`)
    if ((await repo.photoPositions(trx, id)).length <= 1)
      throw new AppError('CONFLICT', 'A search needs at least one photo: add another before removing this one')
    const deleted = await repo.deletePhoto(trx, id, photoId)
    if (!deleted) throw notFound('Photo')
    await repo.updateOwnSearch(trx, id, ownerId, {}, deps.now())
    return {
      storageKey: deleted.storage_key,
      wakeMatcher: locked.status === 'active' ? await deps.matchQueue.searchChanged(trx, id) : undefined,
    }
  })
  wakeMatcher?.()
  await deps.storage.delete(storageKey).catch(() => undefined) // an orphaned file is unreachable; the row is what counts
  return getOwnSearch(deps, ownerId, id)
}
