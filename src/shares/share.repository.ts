import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ShareTable } from './share.table.ts'

export function lockShareKeyOfSearch(db: Kysely<Database>, searchId: string, ownerId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['id', 'share_public_key'])
    .where('id', '=', searchId)
    .where('owner_id', '=', ownerId)
    .forUpdate()
    .executeTakeFirst()
}

export async function setSharePublicKey(
  db: Kysely<Database>,
  searchId: string,
  publicKey: string,
  replacedAt: Date | undefined,
) {
  await db
    .updateTable('lost_searches')
    .set({
      share_public_key: publicKey,
      updated_at: new Date(),
      ...(replacedAt && { share_key_replaced_at: replacedAt }),
    })
    .where('id', '=', searchId)
    .execute()
}

/** A camera's pending alerts, as its agent needs them to seal a snapshot for the pet's owner. */
export function listPendingAlertsOfCamera(db: Kysely<Database>, cameraId: string) {
  return db
    .selectFrom('alerts')
    .innerJoin('lost_searches', 'lost_searches.id', 'alerts.search_id')
    .select([
      'alerts.id',
      'alerts.sightings',
      'alerts.created_at',
      'alerts.share_requested_at',
      'lost_searches.name as pet_name',
      'lost_searches.species as pet_species',
      'lost_searches.share_public_key',
      'lost_searches.share_key_replaced_at',
    ])
    .where('alerts.camera_id', '=', cameraId)
    .where('alerts.status', '=', 'pending')
    .orderBy('alerts.created_at', 'desc')
    .execute()
}

export function findAlertOfCamera(db: Kysely<Database>, alertId: string, cameraId: string) {
  return db
    .selectFrom('alerts')
    .innerJoin('lost_searches', 'lost_searches.id', 'alerts.search_id')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .select([
      'alerts.id',
      'alerts.search_id',
      'alerts.sightings',
      'alerts.status',
      'alerts.created_at',
      'lost_searches.share_public_key',
      'lost_searches.share_key_replaced_at',
      'lost_searches.owner_id as pet_owner_id',
      'lost_searches.name as pet_name',
      'cameras.owner_id as camera_owner_id',
      'cameras.cell',
    ])
    .where('alerts.id', '=', alertId)
    .where('alerts.camera_id', '=', cameraId)
    .executeTakeFirst()
}

export function insertShare(db: Kysely<Database>, share: Insertable<ShareTable>) {
  return db.insertInto('shares').values(share).returningAll().executeTakeFirstOrThrow()
}

/** Serialises concurrent shares of one alert: the second waits, then sees it is no longer pending. */
export async function lockAlertStatus(db: Kysely<Database>, alertId: string) {
  const row = await db.selectFrom('alerts').select('status').where('id', '=', alertId).forUpdate().executeTakeFirst()
  return row?.status
}

export async function markAlertShared(db: Kysely<Database>, alertId: string, now: Date) {
  await db
    .updateTable('alerts')
    .set({ status: 'shared', answered_at: now, updated_at: now })
    .where('id', '=', alertId)
    .execute()
}

export function listSharesOfSearch(db: Kysely<Database>, searchId: string) {
  return db.selectFrom('shares').selectAll().where('search_id', '=', searchId).orderBy('created_at', 'desc').execute()
}

export function findShareOfSearch(db: Kysely<Database>, searchId: string, shareId: string) {
  return db
    .selectFrom('shares')
    .selectAll()
    .where('search_id', '=', searchId)
    .where('id', '=', shareId)
    .executeTakeFirst()
}
