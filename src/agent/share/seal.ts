import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { SHARE_SUITE } from '../../contracts/device-wire.ts'

// RFC 9180 base mode, the one suite the server names for shares: one contract for both sides.
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

export const isShareSuite = (s: { kem: string; kdf: string; aead: string }) =>
  s.kem === SHARE_SUITE.kem && s.kdf === SHARE_SUITE.kdf && s.aead === SHARE_SUITE.aead

/** Seals to the pet owner's X25519 public key (base64url): only their device can open the result. */
export async function sealToShareKey(
  publicKey: string,
  plaintext: Uint8Array,
): Promise<{ enc: string; ciphertext: string }> {
  const recipientPublicKey = await suite.kem.deserializePublicKey(Buffer.from(publicKey, 'base64url'))
  const { ct, enc } = await suite.seal({ recipientPublicKey }, plaintext)
  return { enc: Buffer.from(enc).toString('base64url'), ciphertext: Buffer.from(ct).toString('base64url') }
}
