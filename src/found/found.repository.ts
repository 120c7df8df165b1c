import { sql, type Insertable, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { FoundReportTable } from './found.table.ts'

export function insertFoundReport(db: Kysely<Database>, values: Insertable<FoundReportTable>) {
  return db.insertInto('found_reports').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findActiveFoundReport(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('found_reports')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst()
}

/** Best similarity of the report's embedding to each given search's photos, above the threshold. */
export async function bestPhotoSimilarities(
  db: Kysely<Database>,
  q: { searchIds: readonly string[]; modelId: string; embedding: string; maxDistance: number },
) {
  if (q.searchIds.length === 0) return []
  const distance = sql<number>`min(search_photos.embedding <=> ${q.embedding}::halfvec)`
  const rows = await db
    .selectFrom('search_photos')
    .select(['search_id', distance.as('distance')])
    .where('search_id', 'in', q.searchIds)
    .where('model_id', '=', q.modelId)
    .groupBy('search_id')
    .having(distance, '<=', q.maxDistance)
    .execute()
  return rows.map((row) => ({ searchId: row.search_id, similarity: 1 - Number(row.distance) }))
}

export async function insertFoundMatches(
  db: Kysely<Database>,
  foundReportId: string,
  matches: readonly { searchId: string; similarity: number }[],
) {
  if (matches.length === 0) return []
  const inserted = await db
    .insertInto('found_matches')
    .values(
      matches.map((m) => ({
        found_report_id: foundReportId,
        search_id: m.searchId,
        similarity: Math.round(m.similarity * 1e4) / 1e4,
      })),
    )
    .onConflict((oc) => oc.columns(['found_report_id', 'search_id']).doNothing())
    .returning('search_id')
    .execute()
  return inserted.map((row) => row.search_id)
}

export function listFoundMatchesOfSearch(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('found_matches')
    .innerJoin('found_reports', 'found_reports.id', 'found_matches.found_report_id')
    .select([
      'found_reports.id',
      'found_reports.species',
      'found_reports.cell',
      'found_reports.found_at',
      'found_reports.description',
      'found_matches.similarity',
    ])
    .where('found_matches.search_id', '=', searchId)
    .where('found_reports.status', '=', 'active')
    .orderBy('found_matches.similarity', 'desc')
    .execute()
}

/** Creation times of the finder's reports since `since`, oldest first (for the per-account rate). */
export async function reportTimesSince(
  db: Kysely<Database>,
  finderId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('found_reports')
    .select('created_at')
    .where('finder_id', '=', finderId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.created_at).reverse()
}

export function findOwnFoundReport(db: Kysely<Database>, id: string, finderId: string) {
  return db
    .selectFrom('found_reports')
    .selectAll()
    .where('id', '=', id)
    .where('finder_id', '=', finderId)
    .executeTakeFirst()
}

export function closeOwnFoundReport(db: Kysely<Database>, id: string, finderId: string, now: Date) {
  return db
    .updateTable('found_reports')
    .set({ status: 'closed', closed_at: now })
    .where('id', '=', id)
    .where('finder_id', '=', finderId)
    .where('status', '=', 'active')
    .returningAll()
    .executeTakeFirst()
}

export function listOwnFoundReports(db: Kysely<Database>, finderId: string) {
  return db
    .selectFrom('found_reports')
    .selectAll()
    .where('finder_id', '=', finderId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
}
