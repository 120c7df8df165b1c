import type { Kysely } from 'kysely'
import { deleteStaleThrottles } from '../accounts/throttle.repository.ts'
import { FORGET_AFTER_SECONDS } from '../accounts/throttle.rules.ts'
import type { Database } from '../db/database.ts'
import { expireSearches } from '../searches/search.repository.ts'
import { deleteExpiredSightings } from '../sightings/sighting.repository.ts'

export interface RetentionSweep {
  readonly deletedSightings: number
  readonly expiredSearches: number
}

/** Enforces retention in code: sightings past their camera's retention go, searches past 30 days lapse. */
export async function sweepRetention(db: Kysely<Database>, now = new Date()): Promise<RetentionSweep> {
  const deletedSightings = await deleteExpiredSightings(db, now)
  const expiredSearches = await expireSearches(db, now)
  // Failed sign-in streaks are forgotten after a day: the throttle keeps nothing longer than it needs.
  await deleteStaleThrottles(db, new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000))
  return { deletedSightings, expiredSearches }
}
