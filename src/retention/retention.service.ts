import type { Kysely } from 'kysely'
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
  return { deletedSightings, expiredSearches }
}
