import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/** Finders of found reports that matched this search (any status: a reunited or closed one too). */
export function matchedFinders(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('found_matches')
    .innerJoin('found_reports', 'found_reports.id', 'found_matches.found_report_id')
    .select(['found_reports.id', 'found_reports.finder_id', 'found_reports.found_at', 'found_reports.status'])
    .where('found_matches.search_id', '=', searchId)
    .orderBy('found_reports.found_at', 'desc')
    .limit(50)
    .execute()
}

/** Camera owners who shared a snapshot for this search, one row per share. */
export function sharingCameraOwners(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('shares')
    .select(['id', 'camera_owner_id', 'captured_at'])
    .where('search_id', '=', searchId)
    .orderBy('captured_at', 'desc')
    .limit(50)
    .execute()
}

export async function threadExists(db: Kysely<Database>, searchId: string, contactId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('relay_threads')
      .select('id')
      .where('search_id', '=', searchId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst()) !== undefined
  )
}
