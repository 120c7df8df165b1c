import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Species } from '../searches/search.table.ts'
import { PUBLIC_SEARCH_STATUSES } from '../searches/search.rules.ts'

export type FeedKind = 'lost' | 'found'

export interface FeedQuery {
  readonly cells: readonly string[]
  readonly species?: Species | undefined
  readonly kinds: readonly FeedKind[]
  readonly now: Date
  readonly before?: { createdAt: Date; id: string } | undefined
  readonly limit: number
}

export interface FeedRow {
  readonly kind: FeedKind
  readonly id: string
  readonly species: Species
  readonly name: string | null
  readonly status: string
  /** Last seen (lost) or found (found). */
  readonly at: Date
  readonly cell: string
  readonly description: string
  readonly photo_id: string | null
  readonly created_at: Date
}

/** Both halves select the same columns in the same order, so UNION ALL lines them up. */
type FeedSelect = SelectQueryBuilder<Database, 'lost_searches' | 'found_reports', FeedRow>

function lostPets(db: Kysely<Database>, q: FeedQuery): FeedSelect {
  let query = db
    .selectFrom('lost_searches')
    .select([
      sql<FeedKind>`'lost'`.as('kind'),
      'id',
      'species',
      sql<string | null>`name`.as('name'),
      'status',
      'last_seen_at as at',
      'last_seen_cell as cell',
      sql<string>`''`.as('description'),
      'created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('search_photos')
        .select('search_photos.id')
        .whereRef('search_photos.search_id', '=', 'lost_searches.id')
        .orderBy('search_photos.position')
        .limit(1)
        .as('photo_id'),
    )
    .where('status', 'in', PUBLIC_SEARCH_STATUSES)
    .where('last_seen_cell', 'in', q.cells)
  if (q.species) query = query.where('species', '=', q.species)
  return query as unknown as FeedSelect
}

function foundPets(db: Kysely<Database>, q: FeedQuery): FeedSelect {
  let query = db
    .selectFrom('found_reports')
    .select([
      sql<FeedKind>`'found'`.as('kind'),
      'id',
      'species',
      sql<string | null>`null::text`.as('name'),
      'status',
      'found_at as at',
      'cell',
      'description',
      'created_at',
      sql<string | null>`null::uuid`.as('photo_id'),
    ])
    .where('status', '=', 'active')
    .where('expires_at', '>', q.now)
    .where('cell', 'in', q.cells)
  if (q.species) query = query.where('species', '=', q.species)
  return query as unknown as FeedSelect
}

/**
 * Public lost pets (active or found) and active found-pet reports whose coarse cell is near; newest
 * first, keyset-paged across both.
 */
export async function listFeed(db: Kysely<Database>, q: FeedQuery): Promise<FeedRow[]> {
  if (q.cells.length === 0 || q.kinds.length === 0) return []
  const parts = [
    ...(q.kinds.includes('lost') ? [lostPets(db, q)] : []),
    ...(q.kinds.includes('found') ? [foundPets(db, q)] : []),
  ]
  const union = parts.length === 2 ? parts[0]!.unionAll(parts[1]!) : parts[0]!
  let query = db.selectFrom(union.as('feed')).selectAll()
  if (q.before) {
    const { createdAt, id } = q.before
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    )
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}
