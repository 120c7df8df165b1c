import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { fromBase64Url, toBase64Url } from './base64url.ts'

// The suite src/shares names and the camera agent seals with (src/agent/share/seal.ts): RFC 9180 base mode.
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

/** One X25519 key pair, both halves as base64url of their 32 raw bytes. */
export interface ShareKey {
  readonly publicKey: string
  readonly privateKey: string
  readonly createdAt: string
}

/** src/shares/share.rules.ts SHARE_SUITE, copied: that module uses sharp, which cannot be bundled for a browser. */
export const SHARE_SUITE = { kem: 'DHKEM(X25519, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-128-GCM' } as const

export const isShareSuite = (s: { kem: string; kdf: string; aead: string }) =>
  s.kem === SHARE_SUITE.kem && s.kdf === SHARE_SUITE.kdf && s.aead === SHARE_SUITE.aead

export async function generateShareKey(now = new Date()): Promise<ShareKey> {
  const pair = await suite.kem.generateKeyPair()
  return {
    publicKey: toBase64Url(new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey))),
    privateKey: toBase64Url(new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey))),
    createdAt: now.toISOString(),
  }
}

/** Opens a sealed snapshot with the first key that fits; undefined when none of them does. */
export async function openSealed(
  keys: readonly ShareKey[],
  enc: string,
  ciphertext: string,
): Promise<Uint8Array | undefined> {
  const encBytes = fromBase64Url(enc)
  const sealed = fromBase64Url(ciphertext)
  for (const key of keys) {
    try {
      const recipientKey = await suite.kem.deserializePrivateKey(fromBase64Url(key.privateKey))
      return new Uint8Array(await suite.open({ recipientKey, enc: encBytes }, sealed))
    } catch {
      // Not this key (AES-GCM refuses the tag): try the next one.
    }
  }
  return undefined
}

/** True when the two halves belong together: a message sealed to the public half opens with the private one. */
export async function isKeyPair(key: ShareKey): Promise<boolean> {
  try {
    const probe = new TextEncoder().encode('homeward key check')
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromBase64Url(key.publicKey))
    const { enc, ct } = await suite.seal({ recipientPublicKey }, probe)
    const opened = await openSealed([key], toBase64Url(new Uint8Array(enc)), toBase64Url(new Uint8Array(ct)))
    return opened !== undefined && new TextDecoder().decode(opened) === 'homeward key check'
  } catch {
    return false
  }
}
