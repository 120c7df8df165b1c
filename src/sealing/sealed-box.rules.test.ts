import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeBase64Url, shareKeyFingerprint } from './sealed-box.rules.ts'

// Fingerprints are stored (alert_previews.key_fingerprint, audit details) and compared with what agents send:
// they must be node:crypto's, as before issue #21.
describe('sealed box rules', () => {
  it('fingerprints a key as node:crypto did', async () => {
    for (let i = 0; i < 5; i++) {
      const key = randomBytes(32).toString('base64url')
      const expected = createHash('sha256').update(Buffer.from(key, 'base64url')).digest('hex').slice(0, 16)
      expect(await shareKeyFingerprint(key)).toBe(expected)
    }
  })

  it.each(['', 'AAAA', 'q2-Y5w', randomBytes(32).toString('base64url'), 'ABCDE'])('decodes %j as Buffer did', (value) =>
    expect(Buffer.from(decodeBase64Url(value)!).equals(Buffer.from(value, 'base64url'))).toBe(true),
  )

  it.each(['AB+/', 'AB==', 'a b'])('refuses %j, which is not unpadded base64url', (value) =>
    expect(decodeBase64Url(value)).toBeUndefined(),
  )
})
