import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import { GENESIS_HASH, hashAuditEntry, type AuditEntry } from './audit.rules.ts'
import type { AuditRow } from './audit.table.ts'

const AUDIT_CHAIN_LOCK = 727_002

/**
 * Appends one row chained to the last. Call it inside the transaction that makes the change it records,
 * so the change and its audit row commit or roll back together; the advisory lock keeps the chain linear.
 */
export async function appendAuditEntry(trx: Transaction<Database>, entry: AuditEntry): Promise<AuditRow> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx)
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const seq = last ? BigInt(last.seq) + 1n : 1n
  const prevHash = last?.hash ?? GENESIS_HASH
  // A JS Date has millisecond precision, which timestamptz keeps, so the time read back hashes the same.
  const at = new Date()
  const details = entry.details ?? {}
  const hash = await hashAuditEntry({ ...entry, details, seq, at, prevHash })
  return trx
    .insertInto('audit_log')
    .values({
      seq: seq.toString(),
      at,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      subject_owner_id: entry.subjectOwnerId,
      // Sent as text and cast on the server: drivers would otherwise store a JSON string, not an object.
      details: sql<string>`(${JSON.stringify(details)}::text)::jsonb`,
      prev_hash: prevHash,
      hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function listAuditEntriesAbout(
  db: Kysely<Database>,
  ownerId: string,
  page: { beforeSeq?: string; limit: number },
) {
  let query = db.selectFrom('audit_log').selectAll().where('subject_owner_id', '=', ownerId)
  if (page.beforeSeq) query = query.where('seq', '<', page.beforeSeq)
  return query.orderBy('seq', 'desc').limit(page.limit).execute()
}

export async function* streamAuditLog(db: Kysely<Database>, batchSize = 1000): AsyncGenerator<AuditRow> {
  let after = '0'
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    yield* rows
    if (rows.length < batchSize) return
    after = rows[rows.length - 1]!.seq
  }
}
