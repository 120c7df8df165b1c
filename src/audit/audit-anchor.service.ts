import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import * as repo from './audit-anchor.repository.ts'
import { type AnchorCheck, checkpointMac, GENESIS_MAC, verifyCheckpoints } from './audit-anchor.rules.ts'
import { streamAuditLog } from './audit.repository.ts'
import { type ChainCheck, verifyChain } from './audit.rules.ts'
import { toChainedEntry } from './audit.service.ts'

/**
 * Anchors the chain's current head with a checkpoint MAC (run by the retention job on its schedule). Returns the
 * new checkpoint, or undefined when nothing was appended since the last one. Concurrent runs insert one row.
 */
export async function anchorAuditLog(db: Kysely<Database>, key: Uint8Array, now = new Date()) {
  const [head, last] = await Promise.all([repo.lastAuditRow(db), repo.lastCheckpoint(db)])
  if (!head || (last && BigInt(last.seq) >= BigInt(head.seq))) return undefined
  const prevMac = last?.mac ?? GENESIS_MAC
  const mac = await checkpointMac(key, { seq: BigInt(head.seq), rowHash: head.hash, prevMac })
  return repo.insertCheckpoint(db, { seq: head.seq, row_hash: head.hash, prev_mac: prevMac, mac, at: now })
}

export type AnchoredAuditCheck = { chain: ChainCheck; anchor: AnchorCheck; ok: boolean; unanchoredRows: number }

/**
 * Verifies the hash chain and the keyed checkpoints over it: an edited row whose chain was re-hashed end to end
 * passes the chain check but not the anchor. Rows after the last checkpoint are counted, not vouched for.
 */
export async function verifyAnchoredAuditLog(db: Kysely<Database>, key: Uint8Array): Promise<AnchoredAuditCheck> {
  const rows = []
  for await (const row of streamAuditLog(db)) rows.push(toChainedEntry(row))
  const chain = await verifyChain(rows)
  const hashes = new Map(rows.map((r) => [r.seq, r.hash]))
  const checkpoints = (await repo.listCheckpoints(db)).map((c) => ({
    seq: BigInt(c.seq),
    rowHash: c.row_hash,
    prevMac: c.prev_mac,
    mac: c.mac,
  }))
  const anchor = await verifyCheckpoints(key, checkpoints, (seq) => hashes.get(seq))
  const through = anchor.ok ? BigInt(anchor.anchoredThroughSeq) : 0n
  return { chain, anchor, ok: chain.ok && anchor.ok, unanchoredRows: rows.filter((r) => r.seq > through).length }
}
