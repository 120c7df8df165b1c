import { sha256Hex } from '../web-crypto.ts'
import type { AuditActorType } from './audit.table.ts'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntry {
  readonly actorType: AuditActorType
  readonly actorId: string | null
  readonly action: string
  readonly subjectType: string
  readonly subjectId: string
  readonly subjectOwnerId: string | null
  readonly details?: Record<string, unknown>
}

export interface ChainedAuditEntry extends AuditEntry {
  readonly seq: bigint
  readonly at: Date
  readonly prevHash: string
}

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a row's hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function hashAuditEntry(entry: ChainedAuditEntry): Promise<string> {
  const body = canonicalJson({
    seq: entry.seq.toString(),
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    subjectOwnerId: entry.subjectOwnerId,
    details: entry.details ?? {},
  })
  return sha256Hex(`${entry.prevHash}\n${body}`)
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenAtSeq: string; reason: string }

/** Walks rows in seq order and recomputes every link; the first mismatch is where tampering happened. */
export async function verifyChain(rows: Iterable<ChainedAuditEntry & { readonly hash: string }>): Promise<ChainCheck> {
  let expectedPrev = GENESIS_HASH
  let expectedSeq = 1n
  let count = 0
  for (const row of rows) {
    count++
    const brokenAtSeq = row.seq.toString()
    if (row.seq !== expectedSeq) return { ok: false, rows: count, brokenAtSeq, reason: `expected seq ${expectedSeq}` }
    if (row.prevHash !== expectedPrev)
      return { ok: false, rows: count, brokenAtSeq, reason: 'previous hash does not match' }
    if ((await hashAuditEntry(row)) !== row.hash)
      return { ok: false, rows: count, brokenAtSeq, reason: 'row hash does not match its contents' }
    expectedPrev = row.hash
    expectedSeq++
  }
  return { ok: true, rows: count }
}
