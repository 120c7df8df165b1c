// Randomness and hashing through WebCrypto (globalThis.crypto), which Node 22 and Workers both have:
// the core needs no node:crypto and no Buffer. Digests are async there, as crypto.subtle is.

/** `length` cryptographically random bytes. */
export function randomBytesOf(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** A uniform random integer in [0, max), without modulo bias (as node:crypto's randomInt). */
export function randomIntBelow(max: number): number {
  if (!Number.isInteger(max) || max < 1 || max > 2 ** 32)
    throw new RangeError(`randomIntBelow: ${max} is not in 1..2^32`)
  const limit = 2 ** 32 - (2 ** 32 % max)
  const word = new Uint32Array(1)
  for (;;) {
    crypto.getRandomValues(word)
    if (word[0]! < limit) return word[0]! % max
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Base64url without padding, as Buffer's 'base64url'. */
export const toBase64Url = (bytes: Uint8Array) =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * Decodes base64url (padding optional) as Buffer.from(value, 'base64url') does for well-formed input: a
 * lone trailing character, which carries no whole byte, is ignored. Throws on characters outside the alphabet.
 */
export function fromBase64Url(value: string): Uint8Array {
  let b64 = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/')
  if (b64.length % 4 === 1) b64 = b64.slice(0, -1)
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

/** SHA-256 of the UTF-8 text, lower-case hex (as createHash('sha256').update(text).digest('hex')). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}
