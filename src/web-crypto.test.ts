import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fromBase64Url, randomBytesOf, randomIntBelow, sha256Hex, toBase64, toBase64Url, toHex } from './web-crypto.ts'

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
})
