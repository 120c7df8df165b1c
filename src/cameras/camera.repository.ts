import type { ExpressionBuilder, Insertable, Kysely, Updateable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { CameraTable } from './camera.table.ts'

/** A filter for cameras whose consent is active at `now`: not revoked and not lapsed (consentStatus, in SQL). */
export const consentActiveAt = (now: Date) => (eb: ExpressionBuilder<Database, 'cameras'>) =>
  eb.and([eb('cameras.consent_revoked_at', 'is', null), eb('cameras.consent_expires_at', '>', now)])

export function insertCamera(db: Kysely<Database>, values: Insertable<CameraTable>) {
  return db.insertInto('cameras').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findOwnCamera(db: Kysely<Database>, id: string, ownerId: string) {
  return db.selectFrom('cameras').selectAll().where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst()
}

export function findCamera(db: Kysely<Database>, id: string) {
  return db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listOwnCameras(db: Kysely<Database>, ownerId: string) {
  return db.selectFrom('cameras').selectAll().where('owner_id', '=', ownerId).orderBy('created_at', 'desc').execute()
}

export function updateCamera(db: Kysely<Database>, id: string, patch: Updateable<CameraTable>, now: Date) {
  return db
    .updateTable('cameras')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertPairingCode(db: Kysely<Database>, cameraId: string, codeHash: string, expiresAt: Date) {
  await db
    .insertInto('camera_pairing_codes')
    .values({ code_hash: codeHash, camera_id: cameraId, expires_at: expiresAt })
    .execute()
}

/** Marks an unused, unexpired code used and returns its camera; a second use finds nothing. */
export function consumePairingCode(db: Kysely<Database>, codeHash: string, now: Date) {
  return db
    .updateTable('camera_pairing_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('camera_id')
    .executeTakeFirst()
}

export async function deletePairingCodes(db: Kysely<Database>, cameraId: string) {
  await db.deleteFrom('camera_pairing_codes').where('camera_id', '=', cameraId).execute()
}

export function insertDeviceToken(db: Kysely<Database>, cameraId: string, tokenHash: string) {
  return db
    .insertInto('device_tokens')
    .values({ camera_id: cameraId, token_hash: tokenHash })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function revokeDeviceTokens(db: Kysely<Database>, cameraId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('device_tokens')
    .set({ revoked_at: now })
    .where('camera_id', '=', cameraId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The token with its camera's stored check-in, so authenticating needs no second read to decide on a write. */
export function findActiveDeviceToken(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('device_tokens')
    .innerJoin('cameras', 'cameras.id', 'device_tokens.camera_id')
    .select(['device_tokens.id', 'device_tokens.camera_id', 'cameras.last_check_in_at'])
    .where('device_tokens.token_hash', '=', tokenHash)
    .where('device_tokens.revoked_at', 'is', null)
    .executeTakeFirst()
}

/** Counts a new day of activity for the camera, once per UTC day (a no-op for the day's later batches). */
export async function recordCameraActivityDay(db: Kysely<Database>, cameraId: string, day: number) {
  await db
    .updateTable('cameras')
    .set((eb) => ({ active_days: eb('active_days', '+', 1), last_active_day: day }))
    .where('id', '=', cameraId)
    .where((eb) => eb.or([eb('last_active_day', 'is', null), eb('last_active_day', '<', day)]))
    .execute()
}

/** An account's cameras that are not revoked: all of them, and those in one cell. */
export async function countLiveCamerasOf(db: Kysely<Database>, ownerId: string, cell: string) {
  const row = await db
    .selectFrom('cameras')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.count<string>(eb.case().when('cell', '=', cell).then(1).end()).as('inCell'),
    ])
    .where('owner_id', '=', ownerId)
    .where('consent_revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { total: Number(row.total), inCell: Number(row.inCell) }
}
