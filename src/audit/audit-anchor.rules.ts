// Pure: the keyed anchor over the audit chain. The key never enters the database, so someone who can edit
// rows and recompute every hash still cannot produce checkpoints that vouch for the new chain.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { GENESIS_HASH } from './audit.rules.ts'

export const GENESIS_MAC = GENESIS_HASH

/** A separate key per purpose: the auth secret itself is never used as the MAC key. */
export function deriveAuditKey(authSecret: string): Buffer {
  return createHmac('sha256', authSecret).update('homeward audit checkpoint v1').digest()
}

export interface Checkpoint {
  readonly seq: bigint
  readonly rowHash: string
  readonly prevMac: string
}

export function checkpointMac(key: Buffer, c: Checkpoint): string {
  return createHmac('sha256', key).update(`${c.seq}\n${c.rowHash}\n${c.prevMac}`).digest('hex')
}

export type AnchorCheck =
  | { ok: true; checkpoints: number; anchoredThroughSeq: string }
  | { ok: false; checkpoints: number; brokenAtSeq: string; reason: string }

/**
 * Checks checkpoints in seq order against the key and against the chain's row hashes (`hashAt`): each MAC must
 * be the key's, chained to the one before, and name the hash the row at its seq has now.
 */
export function verifyCheckpoints(
  key: Buffer,
  checkpoints: Iterable<Checkpoint & { readonly mac: string }>,
  hashAt: (seq: bigint) => string | undefined,
): AnchorCheck {
  let prevMac = GENESIS_MAC
  let count = 0
  let through = 0n
  for (const c of checkpoints) {
    count++
    const brokenAtSeq = c.seq.toString()
    if (c.prevMac !== prevMac)
      return {
        ok: false,
        checkpoints: count,
        brokenAtSeq,
        reason: 'checkpoint is not chained to the one before (removed or reordered)',
      }
    const expected = Buffer.from(checkpointMac(key, c), 'hex')
    const actual = Buffer.from(c.mac, 'hex')
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      return {
        ok: false,
        checkpoints: count,
        brokenAtSeq,
        reason: 'checkpoint MAC does not verify (not made with this server’s key)',
      }
    if (hashAt(c.seq) !== c.rowHash)
      return {
        ok: false,
        checkpoints: count,
        brokenAtSeq,
        reason: 'the audit row at this checkpoint changed since it was anchored',
      }
    prevMac = c.mac
    through = c.seq
  }
  return { ok: true, checkpoints: count, anchoredThroughSeq: through.toString() }
}
