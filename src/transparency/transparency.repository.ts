import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { countHolds } from '../searches/search-hold.repository.ts'

const count = (n: unknown) => Number(n ?? 0)

/** Aggregate counts only: nothing here identifies a person, a camera or a place. */
export async function readTransparencyCounts(db: Kysely<Database>, now: Date) {
  const [searches, sightings, alerts, shares, revocations, requests, lookalikes] = await Promise.all([
    db.selectFrom('lost_searches').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute(),
    db.selectFrom('sightings').select((eb) => eb.fn.countAll<string>().as('n')).where('expires_at', '>', now).executeTakeFirstOrThrow(),
    db.selectFrom('alerts').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute(),
    db.selectFrom('shares').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('audit_log')
      .select([
        (eb) => eb.fn.countAll<string>().as('revocations'),
        sql<string>`coalesce(sum((details ->> 'deletedSightings')::bigint), 0)`.as('deleted'),
      ])
      .where('action', '=', 'camera.consent.revoked')
      .executeTakeFirstOrThrow(),
    db.selectFrom('data_requests').select(['answer', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('answer').execute(),
    countHolds(db),
  ])
  const byKey = (rows: { n: string }[], key: (row: never) => string) =>
    Object.fromEntries(rows.map((row) => [key(row as never), count(row.n)]))
  return {
    searches: byKey(searches, (r: { status: string }) => r.status),
    sightingsHeld: count(sightings.n),
    alerts: byKey(alerts, (r: { status: string }) => r.status),
    shares: count(shares.n),
    consentRevocations: count(revocations.revocations),
    sightingsDeletedByRevocation: count(revocations.deleted),
    thirdPartyDataRequests: byKey(requests, (r: { answer: string }) => r.answer),
    lookalikeSearches: lookalikes,
  }
}
