import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type Checkpoint, checkpointMac, deriveAuditKey, GENESIS_MAC, verifyCheckpoints } from './audit-anchor.rules.ts'

// Checkpoints already in audit_checkpoints were made with node:crypto (before issue #21): the key and every MAC
// must come out byte for byte the same, or existing chains would stop verifying.
const nodeKey = (secret: string) => createHmac('sha256', secret).update('homeward audit checkpoint v1').digest()
const nodeMac = (key: Buffer, c: Checkpoint) =>
  createHmac('sha256', key).update(`${c.seq}\n${c.rowHash}\n${c.prevMac}`).digest('hex')
/** The check verifyCheckpoints made of one MAC with node:crypto. */
const nodeMacVerifies = (key: Buffer, c: Checkpoint & { mac: string }) => {
  const expected = Buffer.from(nodeMac(key, c), 'hex')
  const actual = Buffer.from(c.mac, 'hex')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

const secret = 'test-secret-test-secret-test-secret-0123'
const rowHash = (i: number) => (i * 0x1234567).toString(16).padStart(64, 'a')

function nodeChain(key: Buffer, seqs: readonly number[]) {
  let prevMac = GENESIS_MAC
  return seqs.map((seq) => {
    const c = { seq: BigInt(seq), rowHash: rowHash(seq), prevMac }
    prevMac = nodeMac(key, c)
    return { ...c, mac: prevMac }
  })
}

describe('audit anchor rules', () => {
  it.each([secret, 'é ✓ 🐕', ''])('derives the key from %j as node:crypto did', async (s) => {
    expect(Buffer.from(await deriveAuditKey(s)).equals(nodeKey(s))).toBe(true)
  })

  it('makes the MACs node:crypto made', async () => {
    const key = await deriveAuditKey(secret)
    for (const c of nodeChain(nodeKey(secret), [3, 8, 12, 1000])) expect(await checkpointMac(key, c)).toBe(c.mac)
  })

  it('verifies a chain of checkpoints made with node:crypto', async () => {
    const chain = nodeChain(nodeKey(secret), [3, 8, 12])
    const hashes = new Map(chain.map((c) => [c.seq, c.rowHash]))
    expect(await verifyCheckpoints(await deriveAuditKey(secret), chain, (seq) => hashes.get(seq))).toEqual({
      ok: true,
      checkpoints: 3,
      anchoredThroughSeq: '12',
    })
  })

  it('reads a stored MAC as node:crypto did, upper case and all', async () => {
    const key = await deriveAuditKey(secret)
    const [c] = nodeChain(nodeKey(secret), [5])
    const variants = [c!.mac, c!.mac.toUpperCase(), c!.mac.slice(0, 62), `${c!.mac}zz`, `${c!.mac}0`, 'zz', '']
    for (const mac of variants) {
      const check = await verifyCheckpoints(key, [{ ...c!, mac }], () => c!.rowHash)
      expect({ mac, ok: check.ok }).toEqual({ mac, ok: nodeMacVerifies(nodeKey(secret), { ...c!, mac }) })
    }
  })

  it('refuses a MAC under another key', async () => {
    const chain = nodeChain(nodeKey('another secret'), [3])
    const check = await verifyCheckpoints(await deriveAuditKey(secret), chain, () => chain[0]!.rowHash)
    expect(check).toMatchObject({ ok: false, brokenAtSeq: '3', reason: expect.stringMatching(/MAC does not verify/) })
  })
})
