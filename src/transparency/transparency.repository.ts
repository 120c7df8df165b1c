import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Metric } from './transparency.rules.ts'

export interface DayCount {
  readonly metric: Metric | `requests.${string}`
  readonly day: string
  readonly n: number
}

const perDay = (
  metric: string,
  table: string,
  column: string,
  from: Date,
  to: Date,
  where: RawBuilder<unknown> = sql`true`,
  value: RawBuilder<unknown> = sql`count(*)`,
) => sql`
  select ${metric}::text as metric, to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD') as day, ${value} as n
  from ${sql.table(table)} where ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to} and ${where} group by 2`

/** Counts per UTC day in [from, to): events only, never a state that moves while one watches. */
export async function readDailyCounts(db: Kysely<Database>, from: Date, to: Date): Promise<DayCount[]> {
  const parts = [
    perDay('searchesOpened', 'lost_searches', 'created_at', from, to),
    perDay('petsHome', 'lost_searches', 'closed_at', from, to, sql`status = 'found'`),
    perDay('cameraMatches', 'alerts', 'created_at', from, to),
    perDay('snapshotsShared', 'shares', 'created_at', from, to),
    perDay('alertsDeclined', 'alerts', 'answered_at', from, to, sql`status = 'dismissed'`),
    perDay('consentRevocations', 'audit_log', 'at', from, to, sql`action = 'camera.consent.revoked'`),
    perDay(
      'sightingsDeletedByRevocation',
      'audit_log',
      'at',
      from,
      to,
      sql`action = 'camera.consent.revoked'`,
      sql`coalesce(sum((details ->> 'deletedSightings')::bigint), 0)`,
    ),
    perDay('lookalikeSearchesHeld', 'search_holds', 'created_at', from, to),
    perDay('lookalikeSearchesRefused', 'search_holds', 'decided_at', from, to, sql`decision = 'refused'`),
    perDay('lookalikeSearchesRefused', 'proxy_refusals', 'created_at', from, to),
    perDay('accountsDeleted', 'audit_log', 'at', from, to, sql`action = 'account.deleted'`),
    sql`select 'requests.' || answer as metric, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n
        from data_requests where received_at >= ${from} and received_at < ${to} group by 1, 2`,
  ]
  const result = await sql<{
    metric: DayCount['metric']
    day: string
    n: string
  }>`${sql.join(parts, sql` union all `)}`.execute(db)
  return result.rows.map((row) => ({ metric: row.metric, day: row.day, n: Number(row.n) }))
}
