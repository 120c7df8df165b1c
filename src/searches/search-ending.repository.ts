import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/**
 * The active found reports that matched this search and whose finder has a relay thread with its owner:
 * the ones a reunion is most likely about, marked when the owner names none.
 */
export async function foundReportsInTouch(db: Kysely<Database>, searchId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('found_matches')
    .innerJoin('found_reports', 'found_reports.id', 'found_matches.found_report_id')
    .innerJoin('relay_threads', (join) =>
      join
        .onRef('relay_threads.search_id', '=', 'found_matches.search_id')
        .onRef('relay_threads.contact_id', '=', 'found_reports.finder_id'),
    )
    .select('found_reports.id')
    .where('found_matches.search_id', '=', searchId)
    .where('found_reports.status', '=', 'active')
    .execute()
  return rows.map((r) => r.id)
}

/** Of `ids`, the active found reports that matched this search (the owner may only mark those). */
export async function matchedActiveFoundReports(
  db: Kysely<Database>,
  searchId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('found_matches')
    .innerJoin('found_reports', 'found_reports.id', 'found_matches.found_report_id')
    .select('found_reports.id')
    .where('found_matches.search_id', '=', searchId)
    .where('found_reports.id', 'in', ids)
    .where('found_reports.status', '=', 'active')
    .execute()
  return rows.map((r) => r.id)
}

export async function markReunited(
  db: Kysely<Database>,
  searchId: string,
  ids: readonly string[],
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0
  const result = await db
    .updateTable('found_reports')
    .set({ status: 'reunited', closed_at: now, reunited_search_id: searchId })
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The undo of a reunion: the reports it marked are active again (one a finder closed since stays closed). */
export async function unmarkReunited(db: Kysely<Database>, searchId: string): Promise<number> {
  const result = await db
    .updateTable('found_reports')
    .set({ status: 'active', closed_at: null, reunited_search_id: null })
    .where('reunited_search_id', '=', searchId)
    .where('status', '=', 'reunited')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export function lockOwnSearchForEnding(db: Kysely<Database>, id: string, ownerId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['id', 'status', 'closed_at', 'expires_at'])
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .forUpdate()
    .executeTakeFirst()
}
