import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { AppError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import type { PhotoIntake } from './photo-check.ts'
import * as repo from './photo-backfill.repository.ts'

/** What masks people now (photo-mask.ts); the schema's default for new rows says the same (sql/0070). */
export const PHOTO_MASK_VERSION = 1
/** Photos read per query: a backlog is worked through in small steps, each photo marked as soon as it is done. */
export const BACKFILL_BATCH = 20

export interface PhotoBackfillDeps {
  readonly db: Kysely<Database>
  readonly storage: Pick<BlobStorage, 'get' | 'put' | 'delete'>
  /** Loaded only when a photo needs masking: an instance with no backlog never loads the models for it. */
  readonly intake: () => Promise<PhotoIntake>
  readonly logger?: Logger
  readonly now?: () => Date
}

export interface PhotoBackfillResult {
  /** Marked masked, file unchanged: no person in it. */
  readonly unchanged: number
  /** People painted over, file rewritten. */
  readonly masked: number
  /** A person as the main subject (what intake refuses): file deleted, never served. */
  readonly refused: number
  /**
   * No file in this storage: left unmarked, so never served, and tried again at the next start. Never marked
   * masked unseen: an edge deployment keeps photos in R2, which a Node worker's file storage cannot read.
   */
  readonly missing: number
}

/**
 * The one-off backfill of issue #20: every stored photo not yet marked masked goes through the same photo-images
 * port as an upload (normalise, inspect, `publishable`) and is marked. Idempotent (only unmarked rows are read) and
 * resumable (each photo is marked on its own, each run passes every row once); a storage or database failure
 * throws, and the job is retried.
 */
export async function backfillPhotoMasks(
  deps: PhotoBackfillDeps,
  batchSize = BACKFILL_BATCH,
): Promise<PhotoBackfillResult> {
  const now = deps.now ?? (() => new Date())
  const counts = { unchanged: 0, masked: 0, refused: 0, missing: 0 }
  let loaded: Promise<PhotoIntake> | undefined
  const intake = () => (loaded ??= deps.intake())
  for (const kind of repo.STORED_PHOTO_KINDS) {
    let after: string | undefined
    for (;;) {
      const batch = await repo.listUnmaskedPhotos(deps.db, kind, after, batchSize)
      if (!batch.length) break
      for (const photo of batch) counts[await maskStoredPhoto(deps, intake, photo, now())]++
      after = batch.at(-1)!.id
    }
  }
  if (counts.missing)
    deps.logger?.warn({ missing: counts.missing }, 'photo mask backfill: photos without a file here stay unserved')
  if (counts.masked + counts.unchanged + counts.refused + counts.missing > 0)
    deps.logger?.info(counts, 'photo mask backfill')
  return counts
}

async function maskStoredPhoto(
  deps: PhotoBackfillDeps,
  loadIntake: () => Promise<PhotoIntake>,
  photo: repo.UnmaskedPhoto,
  now: Date,
): Promise<keyof PhotoBackfillResult> {
  const bytes = await deps.storage.get(photo.key)
  if (!bytes) return 'missing'
  const intake = await loadIntake()
  try {
    const normalised = await intake.photoImages.normalise(new Uint8Array(bytes), 'photo')
    const inspection = await intake.petPhotos.inspect(normalised.data, 'photo')
    const published = await intake.photoImages.publishable(normalised, inspection, 'photo')
    if (published === normalised) {
      await repo.markPhotoMasked(deps.db, photo, PHOTO_MASK_VERSION, now)
      return 'unchanged'
    }
    // Same key, written by rename: a crash before the mark masks the file again on the next run, no harm done.
    await deps.storage.put(photo.key, published.data)
    await repo.markPhotoMasked(deps.db, photo, PHOTO_MASK_VERSION, now, published.data.byteLength)
    return 'masked'
  } catch (error) {
    // Refused as an upload would be (person the main subject, unreadable): not kept, never served.
    if (!(error instanceof AppError)) throw error
    await repo.markPhotoRefused(deps.db, photo, now)
    await deps.storage.delete(photo.key)
    deps.logger?.warn(
      { kind: photo.kind, id: photo.id, code: error.code },
      'photo mask backfill: photo refused and deleted',
    )
    return 'refused'
  }
}
