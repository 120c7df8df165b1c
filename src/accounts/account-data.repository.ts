import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { deletePreviewDataOfUser } from '../previews/preview.repository.ts'

const n = (value: unknown) => Number(value ?? 0)

/** How much each feature holds for one account: counts only, for "my data" and the delete confirmation. */
export async function countAccountData(db: Kysely<Database>, userId: string) {
  const row = await sql<Record<string, string>>`
    select
      (select count(*) from lost_searches where owner_id = ${userId}) as searches,
      (select count(*) from search_photos p join lost_searches s on s.id = p.search_id where s.owner_id = ${userId}) as photos,
      (select count(*) from cameras where owner_id = ${userId}) as cameras,
      (select count(*) from sightings g join cameras c on c.id = g.camera_id where c.owner_id = ${userId}) as sightings,
      (select count(*) from alerts a join cameras c on c.id = a.camera_id where c.owner_id = ${userId}) as alerts,
      (select count(*) from shares h join lost_searches s on s.id = h.search_id where s.owner_id = ${userId} or h.camera_owner_id = ${userId}) as shares,
      (select count(*) from relay_threads t join lost_searches s on s.id = t.search_id where s.owner_id = ${userId} or t.contact_id = ${userId}) as threads,
      (select count(*) from relay_messages where author_id = ${userId}) as messages,
      (select count(*) from found_reports where finder_id = ${userId}) as found_reports,
      (select count(*) from push_subscriptions where user_id = ${userId}) as push_subscriptions,
      (select count(*) from sessions where "userId" = ${userId}) as sessions,
      (select count(*) from notification_settings where user_id = ${userId} and webhook_url is not null) as webhooks
  `.execute(db)
  const r = row.rows[0] ?? {}
  return {
    searches: n(r.searches),
    photos: n(r.photos),
    cameras: n(r.cameras),
    sightings: n(r.sightings),
    alerts: n(r.alerts),
    shares: n(r.shares),
    threads: n(r.threads),
    messages: n(r.messages),
    foundReports: n(r.found_reports),
    pushSubscriptions: n(r.push_subscriptions),
    sessions: n(r.sessions),
    webhook: n(r.webhooks) > 0,
  }
}

export type AccountDataCounts = Awaited<ReturnType<typeof countAccountData>>

export function lockUser(trx: Kysely<Database>, userId: string) {
  return trx.selectFrom('users').select(['id', 'email']).where('id', '=', userId).forUpdate().executeTakeFirst()
}

/** Every blob the account's rows name: search photos, shared snapshots (both ends), found-pet photos. */
export async function blobKeysOf(trx: Kysely<Database>, userId: string): Promise<string[]> {
  const [photos, shares, found] = await Promise.all([
    trx
      .selectFrom('search_photos')
      .innerJoin('lost_searches', 'lost_searches.id', 'search_photos.search_id')
      .select('search_photos.storage_key as key')
      .where('lost_searches.owner_id', '=', userId)
      .execute(),
    trx
      .selectFrom('shares')
      .innerJoin('lost_searches', 'lost_searches.id', 'shares.search_id')
      .select('shares.storage_key as key')
      .where((eb) => eb.or([eb('lost_searches.owner_id', '=', userId), eb('shares.camera_owner_id', '=', userId)]))
      .execute(),
    trx.selectFrom('found_reports').select('photo_key as key').where('finder_id', '=', userId).execute(),
  ])
  return [...photos, ...shares, ...found].map((row) => row.key)
}

/**
 * Deletes the account's rows, children before parents, so nothing rests on a cascade that a later
 * migration might change. Sightings go camera by camera (the table is partitioned and large).
 */
export async function deleteAccountRows(trx: Kysely<Database>, userId: string) {
  const cameras = trx.selectFrom('cameras').select('id').where('owner_id', '=', userId)
  const searches = trx.selectFrom('lost_searches').select('id').where('owner_id', '=', userId)
  // A share from this account's camera to someone else's search is this account's snapshot.
  await trx
    .deleteFrom('shares')
    .where((eb) => eb.or([eb('camera_owner_id', '=', userId), eb('search_id', 'in', searches)]))
    .execute()
  await trx.deleteFrom('sightings').where('camera_id', 'in', cameras).execute()
  await deletePreviewDataOfUser(trx, userId) // previews (ciphertext in the row) of this account's cameras, and its preview key
  await trx
    .deleteFrom('alerts')
    .where((eb) => eb.or([eb('camera_id', 'in', cameras), eb('search_id', 'in', searches)]))
    .execute()
  await trx.deleteFrom('relay_messages').where('author_id', '=', userId).execute()
  await trx
    .deleteFrom('relay_threads')
    .where((eb) => eb.or([eb('contact_id', '=', userId), eb('search_id', 'in', searches)]))
    .execute()
  await trx.deleteFrom('search_holds').where('held_owner_id', '=', userId).execute()
  await trx.deleteFrom('found_reports').where('finder_id', '=', userId).execute()
  await trx.deleteFrom('lost_searches').where('owner_id', '=', userId).execute()
  await trx.deleteFrom('cameras').where('owner_id', '=', userId).execute()
  await trx.deleteFrom('notification_outbox').where('user_id', '=', userId).execute()
  await trx.deleteFrom('push_subscriptions').where('user_id', '=', userId).execute()
  await trx.deleteFrom('notification_settings').where('user_id', '=', userId).execute()
  // better-auth's tables: a pending reset token names the user in `value`.
  await sql`delete from verifications where value = ${userId}`.execute(trx)
  await sql`delete from sessions where "userId" = ${userId}`.execute(trx)
  await sql`delete from accounts where "userId" = ${userId}`.execute(trx)
  await trx.deleteFrom('users').where('id', '=', userId).execute()
}

export async function deleteThrottleKeys(trx: Kysely<Database>, keys: readonly string[]) {
  if (keys.length > 0) await trx.deleteFrom('account_throttle').where('key', 'in', keys).execute()
}
