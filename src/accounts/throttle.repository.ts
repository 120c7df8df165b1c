import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

export function findThrottle(db: Kysely<Database>, key: string) {
  return db
    .selectFrom('account_throttle')
    .select(['failures', 'blocked_until', 'updated_at'])
    .where('key', '=', key)
    .executeTakeFirst()
}

/** One more failure, counted atomically (two parallel guesses both count); returns the new streak. */
export async function addFailure(db: Kysely<Database>, key: string, forgetBefore: Date): Promise<number> {
  const row = await db
    .insertInto('account_throttle')
    .values({ key, failures: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when account_throttle.updated_at < ${forgetBefore} then 1 else account_throttle.failures + 1 end`,
        updated_at: sql`now()`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow()
  return row.failures
}

export async function setBlockedUntil(db: Kysely<Database>, key: string, until: Date | null) {
  await db.updateTable('account_throttle').set({ blocked_until: until }).where('key', '=', key).execute()
}

export async function clearThrottle(db: Kysely<Database>, key: string) {
  await db.deleteFrom('account_throttle').where('key', '=', key).execute()
}

/** Retention: streaks nobody added to for a day are of no use. */
export async function deleteStaleThrottles(db: Kysely<Database>, before: Date) {
  await db.deleteFrom('account_throttle').where('updated_at', '<', before).execute()
}
