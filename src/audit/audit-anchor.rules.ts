// Pure: the keyed anchor over the audit chain. The key never enters the database, so someone who can edit
// rows and recompute every hash still cannot produce checkpoints that vouch for the new chain.
import { bytesEqual, fromHex, hmacSha256, toHex } from '../web-crypto.ts'
import { GENESIS_HASH } from './audit.rules.ts'

export const GENESIS_MAC = GENESIS_HASH

/** A separate key per purpose: the auth secret itself is never used as the MAC key. */
export function deriveAuditKey(authSecret: string): Promise<Uint8Array> {
  return hmacSha256(authSecret, 'homeward audit checkpoint v1')
}

export interface Checkpoint {
  readonly seq: bigint
  readonly rowHash: string
  readonly prevMac: string
}

const macBytes = (key: Uint8Array, c: Checkpoint) => hmacSha256(key, `${c.seq}\n${c.rowHash}\n${c.prevMac}`)

export async function checkpointMac(key: Uint8Array, c: Checkpoint): Promise<string> {
  return toHex(await macBytes(key, c))
}

export type AnchorCheck =
  | { ok: true; checkpoints: number; anchoredThroughSeq: string }
  | { ok: false; checkpoints: number; brokenAtSeq: string; reason: string }

/**
 * Checks checkpoints in seq order against the key and against the chain's row hashes (`hashAt`): each MAC must
 * be the key's, chained to the one before, and name the hash the row at its seq has now.
 */
export async function verifyCheckpoints(
  key: Uint8Array,
  checkpoints: Iterable<Checkpoint & { readonly mac: string }>,
  hashAt: (seq: bigint) => string | undefined,
): Promise<AnchorCheck> {
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
    if (!bytesEqual(fromHex(c.mac), await macBytes(key, c)))
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
