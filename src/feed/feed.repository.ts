import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

export interface FeedQuery {
  readonly cells: readonly string[]
  readonly before?: { createdAt: Date; id: string } | undefined
  readonly limit: number
}

/** Public lost pets (active or found) whose coarse last-seen cell is near; newest first, keyset-paged. */
export function listFeed(db: Kysely<Database>, q: FeedQuery) {
  let query = db
    .selectFrom('lost_searches')
    .select(['id', 'species', 'name', 'status', 'last_seen_at', 'last_seen_cell', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('search_photos')
        .select('search_photos.id')
        .whereRef('search_photos.search_id', '=', 'lost_searches.id')
        .orderBy('search_photos.position')
        .limit(1)
        .as('photo_id'),
    )
    .where('status', 'in', ['active', 'found'])
    .where('last_seen_cell', 'in', q.cells)
  if (q.before) {
    const { createdAt, id } = q.before
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]))
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}
