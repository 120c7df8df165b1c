import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/** A browser that subscribes again (new keys, or another account signed in) replaces its old row. */
export function upsertPushSubscription(
  db: Kysely<Database>,
  s: { userId: string; endpoint: string; p256dh: string; auth: string },
) {
  return db
    .insertInto('push_subscriptions')
    .values({ user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth })
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({ user_id: s.userId, p256dh: s.p256dh, auth: s.auth, created_at: new Date() }),
    )
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

export async function deleteOwnPushSubscription(db: Kysely<Database>, id: string, userId: string) {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function deletePushSubscription(db: Kysely<Database>, id: string) {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute()
}

export function listPushSubscriptionsOfUser(db: Kysely<Database>, userId: string) {
  return db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

export function findPushSubscription(db: Kysely<Database>, id: string) {
  return db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst()
}
