import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { AlertPreviewTable } from './preview.table.ts'

export function findPreviewKey(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('preview_keys')
    .select(['public_key', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

export function lockPreviewKey(db: Kysely<Database>, userId: string) {
  return db.selectFrom('preview_keys').select('public_key').where('user_id', '=', userId).forUpdate().executeTakeFirst()
}

export async function upsertPreviewKey(db: Kysely<Database>, userId: string, publicKey: string, now: Date) {
  await db
    .insertInto('preview_keys')
    .values({ user_id: userId, public_key: publicKey, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ public_key: publicKey, updated_at: now }))
    .execute()
}

/** Previews sealed to a key the owner replaced: their browser can no longer open them, so they go. */
export async function deletePreviewsNotSealedTo(
  db: Kysely<Database>,
  userId: string,
  fingerprint: string,
): Promise<number> {
  const result = await db
    .deleteFrom('alert_previews')
    .where('camera_owner_id', '=', userId)
    .where('key_fingerprint', '!=', fingerprint)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** For the device's alert list: the camera owner's preview key, and which pending alerts already have a preview. */
export async function previewStateOfCamera(db: Kysely<Database>, cameraId: string) {
  const [key, stored] = await Promise.all([
    db
      .selectFrom('cameras')
      .innerJoin('preview_keys', 'preview_keys.user_id', 'cameras.owner_id')
      .select('preview_keys.public_key')
      .where('cameras.id', '=', cameraId)
      .executeTakeFirst(),
    db.selectFrom('alert_previews').select(['alert_id', 'key_fingerprint']).where('camera_id', '=', cameraId).execute(),
  ])
  return { publicKey: key?.public_key, stored: new Map(stored.map((row) => [row.alert_id, row.key_fingerprint])) }
}

/** An alert of this device's camera, with what a preview upload must check. */
export function findAlertForPreview(db: Kysely<Database>, alertId: string, cameraId: string) {
  return db
    .selectFrom('alerts')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .leftJoin('preview_keys', 'preview_keys.user_id', 'cameras.owner_id')
    .select([
      'alerts.id',
      'alerts.status',
      'alerts.camera_id',
      'cameras.owner_id as camera_owner_id',
      'preview_keys.public_key',
    ])
    .where('alerts.id', '=', alertId)
    .where('alerts.camera_id', '=', cameraId)
    .executeTakeFirst()
}

export function findPreviewOfAlert(db: Kysely<Database>, alertId: string) {
  return db
    .selectFrom('alert_previews')
    .select(['key_fingerprint', 'ciphertext', 'created_at'])
    .where('alert_id', '=', alertId)
    .executeTakeFirst()
}

/** One preview per alert; a resend sealed to the current key replaces one sealed to an older key. */
export async function storePreview(db: Kysely<Database>, preview: Insertable<AlertPreviewTable>) {
  await db
    .insertInto('alert_previews')
    .values(preview)
    .onConflict((oc) =>
      oc
        .column('alert_id')
        .doUpdateSet({
          key_fingerprint: preview.key_fingerprint,
          enc: preview.enc,
          ciphertext: preview.ciphertext,
          created_at: new Date(),
        })
        .where('alert_previews.key_fingerprint', '!=', preview.key_fingerprint),
    )
    .execute()
}

/** The preview of the owner's alert, only if the alert is on one of the owner's cameras (the sweep removes answered ones). */
export function findOwnPreview(db: Kysely<Database>, alertId: string, ownerId: string) {
  return db
    .selectFrom('alert_previews')
    .innerJoin('alerts', 'alerts.id', 'alert_previews.alert_id')
    .innerJoin('cameras', 'cameras.id', 'alerts.camera_id')
    .select([
      'alert_previews.alert_id',
      'alert_previews.key_fingerprint',
      'alert_previews.enc',
      'alert_previews.ciphertext',
      'alert_previews.created_at',
    ])
    .where('alert_previews.alert_id', '=', alertId)
    .where('cameras.owner_id', '=', ownerId)
    .where('alert_previews.camera_owner_id', '=', ownerId)
    .executeTakeFirst()
}

/** A preview is for deciding: once the alert is answered or withdrawn it has served and goes. */
export async function deletePreviewsOfAnsweredAlerts(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('alert_previews')
    .where('alert_id', 'in', (eb) => eb.selectFrom('alerts').select('id').where('status', '!=', 'pending'))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Account deletion: the account's key and every preview of its cameras. */
export async function deletePreviewDataOfUser(db: Kysely<Database>, userId: string) {
  await db.deleteFrom('alert_previews').where('camera_owner_id', '=', userId).execute()
  await db.deleteFrom('preview_keys').where('user_id', '=', userId).execute()
}
