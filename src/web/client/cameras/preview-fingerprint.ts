import { fromBase64Url } from '../owners/base64url.ts'

/** As the server computes it (src/shares/share.rules.ts): the first 16 hex digits of SHA-256 over the raw public key. */
export async function previewKeyFingerprint(publicKey: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', fromBase64Url(publicKey) as Uint8Array<ArrayBuffer>),
  )
  return [...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Groups of four, to read aloud or compare by eye. */
export const groupFingerprint = (fingerprint: string) => (fingerprint.match(/.{1,4}/g) ?? []).join(' ')
