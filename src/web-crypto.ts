// Randomness and hashing through WebCrypto (globalThis.crypto), which Node 22 and Workers both have:
// the core needs no node:crypto and no Buffer. Digests are async there, as crypto.subtle is.

/** `length` cryptographically random bytes. */
export function randomBytesOf(length: number): Uint8Array<ArrayBuffer> {
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

/**
 * Decodes hex as Buffer.from(value, 'hex') does: whole pairs only, up to the first pair that is not hex, so a
 * stored MAC reads the same bytes it did before the move off node:crypto.
 */
export function fromHex(value: string): Uint8Array<ArrayBuffer> {
  const bytes: number[] = []
  for (let i = 0; i + 1 < value.length; i += 2) {
    const pair = value.slice(i, i + 2)
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) break
    bytes.push(parseInt(pair, 16))
  }
  return Uint8Array.from(bytes)
}

export const utf8Bytes = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text)

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const bytesOf = (value: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  typeof value === 'string' ? utf8Bytes(value) : Uint8Array.from(value)

export async function sha256(data: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytesOf(data)))
}

/** HMAC-SHA256, as createHmac('sha256', key).update(message).digest(); a string is its UTF-8 bytes. */
export async function hmacSha256(
  key: Uint8Array | string,
  message: Uint8Array | string,
): Promise<Uint8Array<ArrayBuffer>> {
  // WebCrypto refuses an empty HMAC key; HMAC pads a short key with zeros, so one zero byte is the same key.
  const raw = bytesOf(key).length ? bytesOf(key) : new Uint8Array(1)
  const hmacKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, bytesOf(message)))
}

/** An AES-256-GCM key by HKDF-SHA256, as hkdfSync('sha256', secret, salt, info, 32); strings are UTF-8. */
export async function hkdfAesGcmKey(secret: string, salt: string, info: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', utf8Bytes(secret), 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8Bytes(salt), info: utf8Bytes(info) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** Whether two byte strings are equal, in time that depends on their lengths only (timingSafeEqual's loop). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Compares a sent secret with the expected one through their SHA-256 digests: neither length nor content leaks. */
export async function secretsEqual(sent: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(sent), sha256(expected)])
  return bytesEqual(a, b)
}
