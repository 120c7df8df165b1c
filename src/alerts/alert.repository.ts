import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import type { AlertSighting } from './alert.rules.ts'
import type { AlertStatus } from './alert.table.ts'

/** Serialises alert writes for one (search, camera) pair, so two jobs cannot both open an alert. */
export async function lockAlertPair(trx: Transaction<Database>, searchId: string, cameraId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`alert:${searchId}:${cameraId}`}))`.execute(trx)
}

export function findRecentAlert(trx: Kysely<Database>, searchId: string, cameraId: string, since: Date) {
  return trx
    .selectFrom('alerts')
    .selectAll()
    .where('search_id', '=', searchId)
    .where('camera_id', '=', cameraId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

const jsonb = (value: unknown) => sql<string>`(${JSON.stringify(value)}::text)::jsonb`

export function insertAlert(
  trx: Kysely<Database>,
  a: { searchId: string; cameraId: string; sightings: AlertSighting[]; now: Date },
) {
  return trx
    .insertInto('alerts')
    .values({
      search_id: a.searchId,
      camera_id: a.cameraId,
      best_similarity: a.sightings[0]!.similarity,
      sightings: jsonb(a.sightings),
      created_at: a.now,
      updated_at: a.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function updateAlertSightings(trx: Kysely<Database>, id: string, sightings: AlertSighting[], now: Date) {
  await trx
    .updateTable('alerts')
    .set({ sightings: jsonb(sightings), best_similarity: sightings[0]!.similarity, updated_at: now })
    .where('id', '=', id)
    .execute()
}

/** An owner's alerts written since `since`, oldest change first: what the Worker's event streams poll. */
export function listAlertChangesForOwner(db: Kysely<Database>, ownerId: string, since: Date) {
  return db
    .selectFrom('alerts')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .select(['alerts.id', 'alerts.status', 'alerts.created_at', 'alerts.updated_at', 'alerts.share_requested_at'])
    .where('cameras.owner_id', '=', ownerId)
    .where('alerts.updated_at', '>', since)
    .orderBy('alerts.updated_at')
    .limit(200)
    .execute()
}

/** Alerts about a camera's sightings, for that camera's owner only, with the lost pet's public details. */
export function listAlertsForOwner(db: Kysely<Database>, ownerId: string, status?: AlertStatus) {
  let query = db
    .selectFrom('alerts')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .innerJoin('lost_searches', 'lost_searches.id', 'alerts.search_id')
    .select([
      'alerts.id',
      'alerts.status',
      'alerts.best_similarity',
      'alerts.sightings',
      'alerts.created_at',
      'alerts.updated_at',
      'alerts.share_requested_at',
      'cameras.id as camera_id',
      'cameras.name as camera_name',
      'lost_searches.id as search_id',
      'lost_searches.name as pet_name',
      'lost_searches.species as pet_species',
      'lost_searches.status as search_status',
    ])
    .select(sql<boolean>`lost_searches.share_public_key is not null`.as('share_ready'))
    .select((eb) =>
      eb
        .selectFrom('search_photos')
        .select('search_photos.id')
        .whereRef('search_photos.search_id', '=', 'alerts.search_id')
        .orderBy('search_photos.position')
        .limit(1)
        .as('photo_id'),
    )
    .where('cameras.owner_id', '=', ownerId)
  if (status) query = query.where('alerts.status', '=', status)
  return query.orderBy('alerts.created_at', 'desc').limit(200).execute()
}

export function answerAlert(db: Kysely<Database>, id: string, ownerId: string, status: AlertStatus, now: Date) {
  return db
    .updateTable('alerts')
    .set({ status, answered_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('camera_id', 'in', (eb) => eb.selectFrom('cameras').select('id').where('owner_id', '=', ownerId))
    .returning('id')
    .executeTakeFirst()
}

/** Marks the owner's pending alert share-requested; the first request's time is kept. */
export function markShareRequested(db: Kysely<Database>, id: string, ownerId: string, now: Date) {
  return db
    .updateTable('alerts')
    .set((eb) => ({ share_requested_at: eb.fn.coalesce('share_requested_at', sql<Date>`${now}`), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('camera_id', 'in', (eb) => eb.selectFrom('cameras').select('id').where('owner_id', '=', ownerId))
    .returning(['id', 'camera_id', 'share_requested_at'])
    .executeTakeFirst()
}

export async function findOwnAlertStatus(db: Kysely<Database>, id: string, ownerId: string) {
  return db
    .selectFrom('alerts')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .select('alerts.status')
    .where('alerts.id', '=', id)
    .where('cameras.owner_id', '=', ownerId)
    .executeTakeFirst()
}

/** The searches that raised an alert on one of the owner's cameras: when, what species, where roughly. */
export function listSearchesTouchingCamera(db: Kysely<Database>, cameraId: string, ownerId: string) {
  return db
    .selectFrom('alerts')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .innerJoin('lost_searches', 'lost_searches.id', 'alerts.search_id')
    .select(['alerts.created_at', 'alerts.status', 'lost_searches.species', 'lost_searches.last_seen_cell'])
    .where('alerts.camera_id', '=', cameraId)
    .where('cameras.owner_id', '=', ownerId)
    .orderBy('alerts.created_at', 'desc')
    .limit(500)
    .execute()
}

/** The public part of a search, as an alert notification carries it. */
export function findPetSummary(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['id', 'name', 'species'])
    .select((eb) =>
      eb
        .selectFrom('search_photos')
        .select('search_photos.id')
        .whereRef('search_photos.search_id', '=', 'lost_searches.id')
        .orderBy('search_photos.position')
        .limit(1)
        .as('photo_id'),
    )
    .where('id', '=', searchId)
    .executeTakeFirst()
}
