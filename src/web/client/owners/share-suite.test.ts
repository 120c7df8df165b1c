import { describe, expect, it } from 'vitest'
import { sealToShareKey } from '../../../agent/share/seal.ts'
import { SHARE_SUITE as SERVER_SUITE } from '../../../shares/share.rules.ts'
import { fromBase64Url, toBase64Url } from './base64url.ts'
import { generateShareKey, isKeyPair, isShareSuite, openSealed, SHARE_SUITE } from './share-suite.ts'

describe('the browser side of shares', () => {
  it('names the same suite as the server', () => {
    expect(SHARE_SUITE).toEqual(SERVER_SUITE)
    expect(isShareSuite(SERVER_SUITE)).toBe(true)
    expect(isShareSuite({ ...SERVER_SUITE, aead: 'ChaCha20Poly1305' })).toBe(false)
  })

  it('opens what the camera agent seals to its public key, and nothing sealed to another key', async () => {
    const mine = await generateShareKey()
    const other = await generateShareKey()
    const picture = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256))
    const sealed = await sealToShareKey(mine.publicKey, picture)
    expect(await openSealed([other, mine], sealed.enc, sealed.ciphertext)).toEqual(picture)
    expect(await openSealed([other], sealed.enc, sealed.ciphertext)).toBeUndefined()
  })

  it('makes 32-byte keys whose halves belong together, and spots halves that do not', async () => {
    const key = await generateShareKey()
    expect(fromBase64Url(key.publicKey)).toHaveLength(32)
    expect(fromBase64Url(key.privateKey)).toHaveLength(32)
    expect(await isKeyPair(key)).toBe(true)
    expect(await isKeyPair({ ...key, publicKey: (await generateShareKey()).publicKey })).toBe(false)
  })

  it.each([[[]], [[0]], [[255, 254, 253]], [Array.from({ length: 70_000 }, (_, i) => i % 256)]])(
    'base64url round-trips %#',
    (bytes) => {
      const data = new Uint8Array(bytes)
      const text = toBase64Url(data)
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
      expect(text).toBe(Buffer.from(data).toString('base64url'))
      expect(fromBase64Url(text)).toEqual(data)
    },
  )
})
