import { sql, type Insertable, type Kysely, type Updateable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { LostSearchTable, SearchPhotoTable, SearchStatus, Species } from './search.table.ts'
import { PUBLIC_SEARCH_STATUSES } from './search.rules.ts'

export function insertSearch(db: Kysely<Database>, values: Insertable<LostSearchTable>) {
  return db.insertInto('lost_searches').values(values).returningAll().executeTakeFirstOrThrow()
}

export function insertSearchPhotos(db: Kysely<Database>, rows: Insertable<SearchPhotoTable>[]) {
  return db.insertInto('search_photos').values(rows).returningAll().execute()
}

export function findOwnSearch(db: Kysely<Database>, id: string, ownerId: string) {
  return db
    .selectFrom('lost_searches')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
}

export function listOwnSearches(db: Kysely<Database>, ownerId: string, status?: SearchStatus) {
  let query = db.selectFrom('lost_searches').selectAll().where('owner_id', '=', ownerId)
  if (status) query = query.where('status', '=', status)
  return query.orderBy('created_at', 'desc').limit(200).execute()
}

export function findPublicSearch(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('lost_searches')
    .selectAll()
    .where('id', '=', id)
    .where('status', 'in', PUBLIC_SEARCH_STATUSES)
    .executeTakeFirst()
}

export function updateOwnSearch(
  db: Kysely<Database>,
  id: string,
  ownerId: string,
  patch: Updateable<LostSearchTable>,
  now: Date,
) {
  return db
    .updateTable('lost_searches')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .returningAll()
    .executeTakeFirst()
}

export function listPhotosOf(db: Kysely<Database>, searchIds: readonly string[]) {
  if (searchIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('search_photos')
    .select(['id', 'search_id', 'position', 'storage_key', 'content_type', 'width', 'height'])
    .select(sql<boolean>`embedding is not null`.as('used_for_matching'))
    .where('search_id', 'in', searchIds)
    .orderBy('position')
    .execute()
}

export function findPhoto(db: Kysely<Database>, searchId: string, photoId: string) {
  return db
    .selectFrom('search_photos')
    .select(['storage_key', 'content_type'])
    .where('search_id', '=', searchId)
    .where('id', '=', photoId)
    .where('masked_at', 'is not', null) // a photo stored before people were masked is served once the backfill masked it
    .executeTakeFirst()
}

/** Marks active searches past their expiry as expired; returns how many. */
export async function expireSearches(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .updateTable('lost_searches')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Locks an owner's search row for a photo change, so two changes at once cannot take the same position. */
export function lockOwnSearch(db: Kysely<Database>, id: string, ownerId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['id', 'status'])
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .forUpdate()
    .executeTakeFirst()
}

export async function photoPositions(db: Kysely<Database>, searchId: string): Promise<number[]> {
  const rows = await db.selectFrom('search_photos').select('position').where('search_id', '=', searchId).execute()
  return rows.map((r) => r.position)
}

export function deletePhoto(db: Kysely<Database>, searchId: string, photoId: string) {
  return db
    .deleteFrom('search_photos')
    .where('search_id', '=', searchId)
    .where('id', '=', photoId)
    .returning(['storage_key'])
    .executeTakeFirst()
}

/** Creation times of the owner's searches since `since`, oldest first (for the per-account rate). */
export async function searchCreationsSince(
  db: Kysely<Database>,
  ownerId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('lost_searches')
    .select('created_at')
    .where('owner_id', '=', ownerId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.created_at).reverse()
}

export async function countActiveSearches(db: Kysely<Database>, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('lost_searches')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The open search photo closest to `embedding` (same species and model), with its cosine similarity:
 * among the owner's own searches, or among everyone else's.
 */
export function findClosestOpenSearchPhoto(
  db: Kysely<Database>,
  q: { ownerId: string; own: boolean; species: Species; modelId: string; embedding: string; exceptSearchId?: string },
) {
  return findSimilarOpenSearchPhotos(db, { ...q, limit: 1 }).then((rows) => rows[0])
}

/** Open search photos by similarity to `embedding`, best first, of the owner's searches or of everyone else's. */
export function findSimilarOpenSearchPhotos(
  db: Kysely<Database>,
  q: {
    ownerId: string
    own: boolean
    species: Species
    modelId: string
    embedding: string
    limit: number
    exceptSearchId?: string
  },
) {
  const distance = sql<number>`search_photos.embedding <=> ${q.embedding}::halfvec`
  return db
    .selectFrom('search_photos')
    .innerJoin('lost_searches', 'lost_searches.id', 'search_photos.search_id')
    .select([
      'lost_searches.id',
      'lost_searches.owner_id',
      'lost_searches.last_seen_cell',
      'lost_searches.radius_m',
      'lost_searches.name',
    ])
    .select(sql<number>`1 - (${distance})`.as('similarity'))
    .where('lost_searches.owner_id', q.own ? '=' : '<>', q.ownerId)
    .where('lost_searches.status', 'in', ['active', 'expired'])
    .where('lost_searches.species', '=', q.species)
    .where('search_photos.model_id', '=', q.modelId)
    .where('search_photos.embedding', 'is not', null)
    .$if(q.exceptSearchId !== undefined, (qb) => qb.where('lost_searches.id', '<>', q.exceptSearchId!))
    .orderBy(distance)
    .limit(q.limit)
    .execute()
}

/** The embeddings of a search's photos with their model, as a look-alike check compares them. */
export async function searchPhotoVectors(
  db: Kysely<Database>,
  searchId: string,
): Promise<{ modelId: string; embedding: string }[]> {
  const rows = await db
    .selectFrom('search_photos')
    .select(['model_id', 'embedding'])
    .where('search_id', '=', searchId)
    .where('model_id', 'is not', null)
    .where('embedding', 'is not', null)
    .execute()
  return rows.map((row) => ({ modelId: row.model_id!, embedding: row.embedding! }))
}
