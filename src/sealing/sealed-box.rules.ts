import { sniffPhotoFormat } from '../photos/photo-format.ts'
import { fromBase64Url, sha256, toHex } from '../web-crypto.ts'

// What shares and the camera owner's private previews have in common: bytes sealed with HPKE to a browser's key.

// Clients seal with it (e.g. hpke-js: DhkemX25519HkdfSha256, HkdfSha256, Aes128Gcm).
export { SHARE_SUITE } from '../contracts/device-wire.ts'
export const X25519_PUBLIC_KEY_BYTES = 32
/** AES-GCM's tag: a sealed message is at least this much longer than what was sealed. */
export const AEAD_TAG_BYTES = 16
export const MAX_SHARE_BYTES = 4 * 1024 * 1024

export function decodeBase64Url(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined
  return fromBase64Url(value)
}

export type CiphertextProblem = 'too-short' | 'too-large' | 'plaintext-image' | undefined

/**
 * The server cannot prove bytes are encrypted, but it can refuse what plainly is not: an image file
 * (a share must be sealed on the camera side) or something too short to carry an AEAD tag.
 */
export function checkCiphertext(bytes: Uint8Array): CiphertextProblem {
  if (bytes.byteLength <= AEAD_TAG_BYTES) return 'too-short'
  if (bytes.byteLength > MAX_SHARE_BYTES) return 'too-large'
  if (sniffPhotoFormat(bytes) || looksLikeGifOrHeif(bytes)) return 'plaintext-image'
  return undefined
}

function looksLikeGifOrHeif(bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  return ascii(0, 4) === 'GIF8' || ascii(4, 8) === 'ftyp'
}

/**
 * What a camera owner compares before sealing: the first 16 hex digits of SHA-256 over the raw public key.
 * A swapped key shows a different fingerprint, so a silent redirect of snapshots becomes visible.
 */
export async function shareKeyFingerprint(publicKey: string): Promise<string> {
  return toHex(await sha256(fromBase64Url(publicKey))).slice(0, 16)
}
