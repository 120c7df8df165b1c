import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { streamAuditLog } from './audit.repository.ts'
import { verifyChain, type ChainCheck, type ChainedAuditEntry } from './audit.rules.ts'
import type { AuditRow } from './audit.table.ts'

export { appendAuditEntry } from './audit.repository.ts'

export function toChainedEntry(row: AuditRow): ChainedAuditEntry & { hash: string } {
  return {
    seq: BigInt(row.seq),
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    subjectOwnerId: row.subject_owner_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

export async function verifyAuditLog(db: Kysely<Database>): Promise<ChainCheck> {
  const rows: (ChainedAuditEntry & { hash: string })[] = []
  for await (const row of streamAuditLog(db)) rows.push(toChainedEntry(row))
  return verifyChain(rows)
}
