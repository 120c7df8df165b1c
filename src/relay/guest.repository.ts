import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/** A stranger's thread with a search's owner: no contact account, only the hash of the reading link's token. */
export function insertGuestThread(trx: Kysely<Database>, searchId: string, tokenHash: string, expiresAt: Date) {
  return trx
    .insertInto('relay_threads')
    .values({ search_id: searchId, contact_id: null, guest_token_hash: tokenHash, guest_expires_at: expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The guest's own thread, by the hash of their token, while the link lasts; undefined otherwise. */
export function findGuestThread(db: Kysely<Database>, tokenHash: string, now: Date) {
  return db
    .selectFrom('relay_threads')
    .innerJoin('lost_searches', 'lost_searches.id', 'relay_threads.search_id')
    .select([
      'relay_threads.id',
      'relay_threads.search_id',
      'lost_searches.name as pet_name',
      'lost_searches.owner_id',
      'relay_threads.guest_expires_at',
    ])
    .where('relay_threads.guest_token_hash', '=', tokenHash)
    .where('relay_threads.contact_id', 'is', null)
    .where('relay_threads.guest_expires_at', '>', now)
    .executeTakeFirst()
}

/** Creation times of guest threads on a search since `since`, oldest first (the per-search rate). */
export async function guestThreadTimesSince(
  db: Kysely<Database>,
  searchId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('relay_threads')
    .select('created_at')
    .where('search_id', '=', searchId)
    .where('contact_id', 'is', null)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.created_at).reverse()
}

/** Creation times of the guest's own messages in a thread since `since`, oldest first (the per-thread rate). */
export async function guestMessageTimesSince(
  db: Kysely<Database>,
  threadId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('relay_messages')
    .select('created_at')
    .where('thread_id', '=', threadId)
    .where('author_id', 'is', null)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.created_at).reverse()
}

/** A sighting photo's blob key, for a message of this thread; undefined when there is none. */
export async function findMessagePhotoKey(db: Kysely<Database>, threadId: string, messageId: string) {
  // Served only once its people are masked (sql/0070): a photo from before masking waits for the backfill.
  const row = await db
    .selectFrom('relay_messages')
    .select('photo_key')
    .where('thread_id', '=', threadId)
    .where('id', '=', messageId)
    .where('masked_at', 'is not', null)
    .executeTakeFirst()
  return row?.photo_key ?? undefined
}
