import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { RelayMessageTable } from './relay.table.ts'

/** The thread between a search's owner and one contact, created on the contact's first message. */
export async function findOrCreateThread(trx: Kysely<Database>, searchId: string, contactId: string) {
  await trx
    .insertInto('relay_threads')
    .values({ search_id: searchId, contact_id: contactId })
    .onConflict((oc) => oc.columns(['search_id', 'contact_id']).doNothing())
    .execute()
  return trx
    .selectFrom('relay_threads')
    .selectAll()
    .where('search_id', '=', searchId)
    .where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow()
}

/** A thread as one of its two participants sees it; undefined for anyone else. */
export function findThreadFor(db: Kysely<Database>, threadId: string, userId: string) {
  return db
    .selectFrom('relay_threads')
    .innerJoin('lost_searches', 'lost_searches.id', 'relay_threads.search_id')
    .select([
      'relay_threads.id',
      'relay_threads.search_id',
      'relay_threads.contact_id',
      'lost_searches.owner_id',
      'lost_searches.name as pet_name',
      'relay_threads.last_message_at',
    ])
    .where('relay_threads.id', '=', threadId)
    .where((eb) => eb.or([eb('relay_threads.contact_id', '=', userId), eb('lost_searches.owner_id', '=', userId)]))
    .executeTakeFirst()
}

export function listThreadsFor(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('relay_threads')
    .innerJoin('lost_searches', 'lost_searches.id', 'relay_threads.search_id')
    .select([
      'relay_threads.id',
      'relay_threads.search_id',
      'relay_threads.contact_id',
      'lost_searches.owner_id',
      'lost_searches.name as pet_name',
      'relay_threads.last_message_at',
    ])
    .where((eb) => eb.or([eb('relay_threads.contact_id', '=', userId), eb('lost_searches.owner_id', '=', userId)]))
    .orderBy('relay_threads.last_message_at', 'desc')
    .limit(200)
    .execute()
}

/** A guest's sighting rides on its message: the time, the coarse cell and the checked photo's key. */
export type MessageSighting = Pick<Insertable<RelayMessageTable>, 'seen_at' | 'seen_cell' | 'photo_key'>

/** `authorId` null: the thread's guest wrote it (sql/0060). */
export async function insertMessage(
  trx: Kysely<Database>,
  threadId: string,
  authorId: string | null,
  body: string,
  sighting: MessageSighting = {},
) {
  const message = await trx
    .insertInto('relay_messages')
    .values({ thread_id: threadId, author_id: authorId, body, ...sighting })
    .returningAll()
    .executeTakeFirstOrThrow()
  await trx
    .updateTable('relay_threads')
    .set({ last_message_at: message.created_at })
    .where('id', '=', threadId)
    .execute()
  return message
}

export function listMessages(db: Kysely<Database>, threadId: string) {
  return db
    .selectFrom('relay_messages')
    .selectAll()
    .where('thread_id', '=', threadId)
    .orderBy('created_at')
    .limit(500)
    .execute()
}

/** The finder of an active found-pet report that matched this search; undefined when there is no such match. */
export function findMatchedFinder(db: Kysely<Database>, searchId: string, foundReportId: string) {
  return db
    .selectFrom('found_matches')
    .innerJoin('found_reports', 'found_reports.id', 'found_matches.found_report_id')
    .select(['found_reports.id', 'found_reports.finder_id'])
    .where('found_matches.search_id', '=', searchId)
    .where('found_matches.found_report_id', '=', foundReportId)
    .where('found_reports.status', '=', 'active')
    .executeTakeFirst()
}

/** Creation times of the author's messages since `since`, oldest first (for the per-account rate). */
export async function messageTimesSince(
  db: Kysely<Database>,
  authorId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('relay_messages')
    .select('created_at')
    .where('author_id', '=', authorId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.created_at).reverse()
}
