import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { NotificationKind } from '../contracts/notification-payload.ts'
import type { NoticeChannel } from './owner-notice.rules.ts'

export async function listOptOuts(db: Kysely<Database>, userId: string) {
  return db.selectFrom('notification_opt_outs').select(['kind', 'channel']).where('user_id', '=', userId).execute()
}

export async function setOptOut(
  db: Kysely<Database>,
  userId: string,
  kind: NotificationKind,
  channel: NoticeChannel,
  optedOut: boolean,
) {
  if (optedOut)
    await db
      .insertInto('notification_opt_outs')
      .values({ user_id: userId, kind, channel })
      .onConflict((oc) => oc.doNothing())
      .execute()
  else
    await db
      .deleteFrom('notification_opt_outs')
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('channel', '=', channel)
      .execute()
}

export async function findTimeZone(db: Kysely<Database>, userId: string) {
  const row = await db
    .selectFrom('notification_settings')
    .select('time_zone')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.time_zone ?? 'UTC'
}

/** The account's in-app notices, newest first: delivered when written, so they are only read back. */
export function listInbox(db: Kysely<Database>, userId: string, limit: number) {
  return db
    .selectFrom('notification_outbox')
    .select(['id', 'kind', 'payload', 'created_at'])
    .where('user_id', '=', userId)
    .where('channel', '=', 'in_app')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
}

export function findSearchOwner(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['owner_id', 'name', 'species'])
    .where('id', '=', searchId)
    .executeTakeFirst()
}
