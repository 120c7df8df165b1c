import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

export interface QueueBacklog {
  readonly queue: string
  readonly state: 'created' | 'retry' | 'active'
  readonly jobs: number
  /** Seconds since the oldest of these jobs was created. */
  readonly oldestSeconds: number
}

/** Jobs waiting or running, per queue and state (pg-boss's `pgboss.job`, partitioned per queue). */
export async function listQueueBacklogs(db: Kysely<Database>): Promise<QueueBacklog[]> {
  const { rows } = await sql<{ name: string; state: QueueBacklog['state']; jobs: string; oldest: number | null }>`
    select name, state::text as state, count(*)::text as jobs, extract(epoch from now() - min(created_on))::float8 as oldest
    from pgboss.job where state in ('created', 'retry', 'active') group by name, state`.execute(db)
  return rows.map((r) => ({ queue: r.name, state: r.state, jobs: Number(r.jobs), oldestSeconds: r.oldest ?? 0 }))
}

/** Notifications written to the outbox and not delivered yet, and the age of the oldest. */
export async function outboxBacklog(db: Kysely<Database>): Promise<{ pending: number; oldestSeconds: number }> {
  const row = await db
    .selectFrom('notification_outbox')
    .where('status', '=', 'pending')
    .select([
      sql<string>`count(*)::text`.as('pending'),
      sql<number | null>`extract(epoch from now() - min(created_at))::float8`.as('oldest'),
    ])
    .executeTakeFirstOrThrow()
  return { pending: Number(row.pending), oldestSeconds: row.oldest ?? 0 }
}

export async function appliedMigrations(db: Kysely<Database>): Promise<Set<string>> {
  const { rows } = await sql<{ version: string }>`select version from schema_migrations`.execute(db)
  return new Set(rows.map((r) => r.version))
}

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
