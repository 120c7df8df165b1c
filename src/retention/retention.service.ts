import type { Kysely } from 'kysely'
import { deleteStaleThrottles } from '../accounts/throttle.repository.ts'
import { FORGET_AFTER_SECONDS } from '../accounts/throttle.rules.ts'
import type { Database } from '../db/database.ts'
import { deletePreviewsOfAnsweredAlerts } from '../previews/preview.repository.ts'
import { expireSearches } from '../searches/search.repository.ts'
import { deleteExpiredSightings } from '../sightings/sighting.repository.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import * as repo from './retention.repository.ts'
import { daysBefore, DEFAULT_RETENTION, type RetentionLimits } from './retention.rules.ts'

export interface RetentionSweep {
  readonly deletedSightings: number
  readonly expiredSearches: number
  readonly strippedSearches: number
  readonly deletedFoundReports: number
  readonly deletedRelayThreads: number
  readonly deletedOutboxRows: number
}

export interface RetentionOptions {
  /** Where photos live; without it rows are still stripped and the files are left (tests of rows only). */
  readonly storage?: Pick<BlobStorage, 'delete'>
  readonly limits?: Partial<RetentionLimits>
}

/** Searches stripped per sweep: a backlog clears over a few sweeps instead of one long transaction. */
const STRIP_BATCH = 200

async function deleteFiles(storage: RetentionOptions['storage'], keys: readonly string[]) {
  // A file left behind is unreachable (its row is gone), so a failed delete does not fail the sweep.
  if (storage) await Promise.all(keys.map((key) => storage.delete(key).catch(() => undefined)))
}

/** Enforces retention in code: every kind of personal data has an end, counted from `now` (injectable for tests). */
export async function sweepRetention(
  db: Kysely<Database>,
  now = new Date(),
  options: RetentionOptions = {},
): Promise<RetentionSweep> {
  const limits = { ...DEFAULT_RETENTION, ...options.limits }
  const deletedSightings = await deleteExpiredSightings(db, now)
  const expiredSearches = await expireSearches(db, now)
  // Failed sign-in streaks are forgotten after a day: the throttle keeps nothing longer than it needs.
  await deleteStaleThrottles(db, new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000))

  const toStrip = await repo.findSearchesToStrip(db, daysBefore(now, limits.closedSearchDays), STRIP_BATCH)
  for (const { id } of toStrip) {
    const keys = await db.transaction().execute((trx) => repo.stripSearch(trx, id, now))
    await deleteFiles(options.storage, keys)
  }
  const found = await repo.deleteFoundReportsExpiredBefore(db, daysBefore(now, limits.expiredFoundReportDays))
  await deleteFiles(
    options.storage,
    found.map((r) => r.photo_key),
  )
  const deletedRelayThreads = await repo.deleteRelayThreadsIdleSince(db, daysBefore(now, limits.relayIdleDays))
  const deletedOutboxRows = await repo.deleteOutboxRowsBefore(db, daysBefore(now, limits.outboxDays))
  // Camera owners' private previews serve the decision only: answered or withdrawn alerts lose theirs.
  await deletePreviewsOfAnsweredAlerts(db)
  return {
    deletedSightings,
    expiredSearches,
    strippedSearches: toStrip.length,
    deletedFoundReports: found.length,
    deletedRelayThreads,
    deletedOutboxRows,
  }
}
