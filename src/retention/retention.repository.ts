// Retention's cross-feature queries: they read and delete other features' rows only to forget them.
import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/database.ts'

const ENDED = ['found', 'closed', 'expired'] as const

/** Ended searches whose end (closed_at, or the last update for an expiry) is before `before`, not yet stripped. */
export function findSearchesToStrip(db: Kysely<Database>, before: Date, limit: number) {
  return db
    .selectFrom('lost_searches')
    .select('id')
    .where('status', 'in', ENDED)
    .where('stripped_at', 'is', null)
    .where(sql<Date>`coalesce(closed_at, updated_at)`, '<', before)
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Strips one search inside the caller's transaction: photos rows and relay threads go, the personal fields
 * are blanked, and an expired search is closed (it can no longer be renewed). Returns the photo files to delete.
 */
export async function stripSearch(trx: Kysely<Database>, id: string, now: Date): Promise<string[]> {
  const photos = await trx.deleteFrom('search_photos').where('search_id', '=', id).returning('storage_key').execute()
  await trx.deleteFrom('relay_threads').where('search_id', '=', id).execute()
  await trx
    .updateTable('lost_searches')
    .set({
      name: '',
      description: '',
      last_seen_lat: null,
      last_seen_lng: null,
      last_seen_sealed: null,
      share_public_key: null,
      status: sql<'closed'>`case when status = 'expired' then 'closed' else status end`,
      closed_at: sql<Date>`coalesce(closed_at, ${now})`,
      stripped_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
  return photos.map((p) => p.storage_key)
}

export function deleteFoundReportsExpiredBefore(db: Kysely<Database>, before: Date) {
  return db.deleteFrom('found_reports').where('expires_at', '<', before).returning('photo_key').execute()
}

export async function deleteRelayThreadsIdleSince(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('relay_threads').where('last_message_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Sent rows by their send time; rows never sent (retries given up) by their creation. */
export async function deleteOutboxRowsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('notification_outbox')
    .where(sql<Date>`coalesce(sent_at, created_at)`, '<', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
