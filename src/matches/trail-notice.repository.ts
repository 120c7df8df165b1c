import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/**
 * Asks for a trail notice no earlier than `earliest` and no sooner than an hour after the last one.
 * Returns the time it is due when this call scheduled it, undefined when one is already waiting.
 */
export async function scheduleTrailNotice(
  trx: Kysely<Database>,
  searchId: string,
  earliest: Date,
): Promise<Date | undefined> {
  const row = await trx
    .insertInto('trail_notices')
    .values({ search_id: searchId, scheduled_for: earliest })
    .onConflict((oc) =>
      oc
        .column('search_id')
        .doUpdateSet({
          scheduled_for: sql<Date>`greatest(excluded.scheduled_for, trail_notices.last_notified_at + interval '1 hour')`,
        })
        .where('trail_notices.scheduled_for', 'is', null),
    )
    .returning('scheduled_for')
    .executeTakeFirst()
  return row?.scheduled_for ?? undefined
}

export function lockTrailNotice(trx: Kysely<Database>, searchId: string) {
  return trx.selectFrom('trail_notices').selectAll().where('search_id', '=', searchId).forUpdate().executeTakeFirst()
}

export async function recordTrailNotice(
  trx: Kysely<Database>,
  searchId: string,
  sightings: number,
  notifiedAt: Date | undefined,
) {
  await trx
    .updateTable('trail_notices')
    .set({ scheduled_for: null, last_sightings: sightings, ...(notifiedAt && { last_notified_at: notifiedAt }) })
    .where('search_id', '=', searchId)
    .execute()
}
