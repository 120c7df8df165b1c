import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'

/** The HPKE suite the owners' browsers and the agent seal with, for tests that play either side. */
export const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

export const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url')

/** Opens a share as the pet owner's browser does: `enc` and `ciphertext` base64url, sealed to `recipientKey`. */
export async function openSealed(recipientKey: CryptoKeyPair, sealed: { enc: string; ciphertext: string }) {
  return Buffer.from(
    await suite.open(
      { recipientKey, enc: Buffer.from(sealed.enc, 'base64url') },
      Buffer.from(sealed.ciphertext, 'base64url'),
    ),
  )
}
