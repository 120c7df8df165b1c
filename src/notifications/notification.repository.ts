import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import type { NotificationKind, NotificationPayload } from '../contracts/notification-payload.ts'
import type { NotificationChannel } from './notification.table.ts'

export function findSettings(db: Kysely<Database>, userId: string) {
  return db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export async function upsertSettings(
  db: Kysely<Database>,
  userId: string,
  values: { email_enabled?: boolean; webhook_url?: string | null; webhook_secret?: string | null; time_zone?: string },
) {
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute()
}

export function findUserEmail(db: Kysely<Database>, userId: string) {
  return db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst()
}

/** Returns the new row's id, or undefined when that idempotency key was already queued. */
export async function insertOutbox(
  trx: Transaction<Database>,
  row: {
    idempotencyKey: string
    userId: string
    channel: NotificationChannel
    payload: NotificationPayload
    pushSubscriptionId?: string
    kind?: NotificationKind
  },
) {
  const inserted = await trx
    .insertInto('notification_outbox')
    .values({
      idempotency_key: row.idempotencyKey,
      user_id: row.userId,
      channel: row.channel,
      push_subscription_id: row.pushSubscriptionId ?? null,
      kind: row.kind ?? 'alert',
      // An in-app notice is delivered by being written.
      ...(row.channel === 'in_app' && { status: 'sent' as const, sent_at: new Date() }),
      payload: sql<string>`(${JSON.stringify(row.payload)}::text)::jsonb`,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted?.id
}

export function findOutbox(db: Kysely<Database>, id: string) {
  return db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function recordAttempt(db: Kysely<Database>, id: string, error: string | null) {
  await db
    .updateTable('notification_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      ...(error === null && { status: 'sent' as const, sent_at: new Date() }),
    }))
    .where('id', '=', id)
    .execute()
}
