import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

// What a camera's owner does to the data the camera produced: a revoke deletes its sightings and
// withdraws its pending alerts, a shorter retention pulls its sightings' expiry forward. The camera
// feature asks these questions, so the queries live here (a cross-feature query lives in the feature
// that needs the answer), in the transaction the camera service opens.

export async function deleteSightingsOfCamera(db: Kysely<Database>, cameraId: string): Promise<number> {
  const result = await db.deleteFrom('sightings').where('camera_id', '=', cameraId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Pulls expiry forward when an owner shortens retention, so held sightings obey the new limit too. */
export async function shortenSightingRetention(db: Kysely<Database>, cameraId: string, retentionHours: number) {
  await db
    .updateTable('sightings')
    .set({ expires_at: sql`least(expires_at, captured_at + make_interval(hours => ${retentionHours}))` })
    .where('camera_id', '=', cameraId)
    .execute()
}

/** A revoked camera's pending alerts are taken back: its owner can no longer act on them. */
export async function withdrawPendingAlerts(trx: Kysely<Database>, cameraId: string, now: Date): Promise<number> {
  const result = await trx
    .updateTable('alerts')
    .set({ status: 'withdrawn', updated_at: now })
    .where('camera_id', '=', cameraId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The camera owner's private previews go with the camera's consent. */
export async function deletePreviewsOfCamera(db: Kysely<Database>, cameraId: string): Promise<number> {
  const result = await db.deleteFrom('alert_previews').where('camera_id', '=', cameraId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
