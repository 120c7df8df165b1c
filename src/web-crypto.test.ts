import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  bytesEqual,
  concatBytes,
  fromBase64Url,
  fromHex,
  hmacSha256,
  randomBytesOf,
  randomIntBelow,
  secretsEqual,
  sha256,
  sha256Hex,
  toBase64,
  toBase64Url,
  toHex,
} from './web-crypto.ts'

// The stored hashes and the token formats must not change with the move off node:crypto.
describe('web-crypto', () => {
  it.each(['', 'hwd_abc', 'ABCDE12345', 'é ✓ 🐕', `${'0'.repeat(64)}\n{"seq":"1"}`])(
    'sha256Hex(%j) is node:crypto’s hex digest',
    async (text) => {
      expect(await sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'))
    },
  )
  it('encodes as Buffer does', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 33]) {
      const bytes = randomBytesOf(length)
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'))
    }
  })
  it.each([
    '',
    'A',
    'AB',
    'ABC',
    'ABCD',
    'ABCDE',
    'AB==',
    'BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '-_-_',
    'q2-Y5w',
  ])('decodes %j as Buffer does', (value) =>
    expect(Buffer.from(fromBase64Url(value)).equals(Buffer.from(value, 'base64url'))).toBe(true),
  )
  it('draws integers below the bound, every value reachable', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomIntBelow(31)))
    expect([...seen].every((n) => Number.isInteger(n) && n >= 0 && n < 31)).toBe(true)
    expect(seen.size).toBe(31)
    expect(() => randomIntBelow(0)).toThrow(RangeError)
  })
  it.each(['', 'abcd', 'ABCD', 'aBcD0f', 'abc', 'a', 'abzz', 'zzab', 'ab cd', '0'.repeat(64), `${'f'.repeat(64)}zz`])(
    'fromHex(%j) reads the bytes Buffer.from(…, "hex") does',
    (value) => expect(Buffer.from(fromHex(value)).equals(Buffer.from(value, 'hex'))).toBe(true),
  )
  it('hashes bytes and text as createHash does', async () => {
    const bytes = randomBytesOf(77)
    expect(Buffer.from(await sha256(bytes)).equals(createHash('sha256').update(bytes).digest())).toBe(true)
    expect(Buffer.from(await sha256('é ✓')).equals(createHash('sha256').update('é ✓').digest())).toBe(true)
  })
  // Throttle keys and audit checkpoints already stored are HMACs made by node:crypto: they must come out the same.
  it.each([
    ['a secret', 'sign-in:someone@example.org'],
    ['', 'an empty key'],
    ['é ✓ 🐕 a non-ASCII secret', 'and a non-ASCII message: ü'],
    ['k'.repeat(200), 'a key longer than the block, hashed first'],
  ])('hmacSha256(%j, %j) is createHmac’s digest', async (key, message) => {
    const expected = createHmac('sha256', key).update(message).digest()
    expect(Buffer.from(await hmacSha256(key, message)).equals(expected)).toBe(true)
  })
  it('takes a byte key and a byte message as createHmac does', async () => {
    const key = randomBytesOf(32)
    const message = randomBytesOf(50)
    const expected = createHmac('sha256', key).update(message).digest()
    expect(Buffer.from(await hmacSha256(key, message)).equals(expected)).toBe(true)
    expect(
      Buffer.from(await hmacSha256(new Uint8Array(0), 'x')).equals(
        createHmac('sha256', Buffer.alloc(0)).update('x').digest(),
      ),
    ).toBe(true)
  })
  it('compares bytes: equal, different, different lengths', () => {
    const a = Uint8Array.of(1, 2, 3)
    expect(bytesEqual(a, Uint8Array.of(1, 2, 3))).toBe(true)
    expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true)
    expect(bytesEqual(a, Uint8Array.of(1, 2, 4))).toBe(false)
    expect(bytesEqual(a, Uint8Array.of(1, 2))).toBe(false)
    expect(bytesEqual(a, Uint8Array.of(1, 2, 3, 0))).toBe(false)
  })
  it('compares secrets by content only', async () => {
    expect(await secretsEqual('Bearer t0ken', 'Bearer t0ken')).toBe(true)
    expect(await secretsEqual('Bearer t0ken', 'Bearer t0keN')).toBe(false)
    expect(await secretsEqual('Bearer t0ke', 'Bearer t0ken')).toBe(false)
    expect(await secretsEqual('', '')).toBe(true)
    expect(await secretsEqual('', 'x')).toBe(false)
  })
  it('concatenates bytes', () => {
    expect(Array.from(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)))).toEqual([1, 2, 3])
    expect(concatBytes().length).toBe(0)
  })
})
