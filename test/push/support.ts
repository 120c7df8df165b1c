import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const { subtle } = globalThis.crypto
const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url')

/** A self-signed certificate for 127.0.0.1, made with the system's openssl; undefined when there is none. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string } | undefined> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-push-tls-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
      ],
      { stdio: 'ignore' },
    )
    return { key: await fs.readFile(`${dir}/key.pem`, 'utf8'), cert: await fs.readFile(`${dir}/cert.pem`, 'utf8') }
  } catch {
    return undefined
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret (RFC 8291). */
export async function browserSubscriptionKeys() {
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
  const auth = crypto.getRandomValues(new Uint8Array(16))
  return { pair, publicKey, auth, json: { p256dh: b64(publicKey), auth: b64(auth) } }
}

// WebCrypto wants bytes on a plain ArrayBuffer: copy Buffers (which may sit on a shared pool) into one.
const own = (bytes: Uint8Array) => new Uint8Array(bytes)

async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number) {
  const key = await subtle.importKey('raw', own(ikm), 'HKDF', false, ['deriveBits'])
  return new Uint8Array(
    await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: own(salt), info: own(info) }, key, bytes * 8),
  )
}

const text = (s: string) => new TextEncoder().encode(s)

/** Opens an aes128gcm Web Push message (RFC 8188 record, RFC 8291 keys) with the browser's private key. */
export async function decryptPushMessage(
  body: Buffer,
  keys: Awaited<ReturnType<typeof browserSubscriptionKeys>>,
): Promise<string> {
  const salt = body.subarray(0, 16)
  const idLength = body[20]!
  const serverPublic = body.subarray(21, 21 + idLength)
  const ciphertext = body.subarray(21 + idLength)
  const serverKey = await subtle.importKey('raw', own(serverPublic), { name: 'ECDH', namedCurve: 'P-256' }, false, [])
  const ecdhSecret = new Uint8Array(
    await subtle.deriveBits({ name: 'ECDH', public: serverKey }, keys.pair.privateKey, 256),
  )
  const keyInfo = Buffer.concat([text('WebPush: info\0'), keys.publicKey, serverPublic])
  const ikm = await hkdf(keys.auth, ecdhSecret, keyInfo, 32)
  const cek = await hkdf(salt, ikm, text('Content-Encoding: aes128gcm\0'), 16)
  const nonce = await hkdf(salt, ikm, text('Content-Encoding: nonce\0'), 12)
  const aes = await subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt'])
  const padded = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce }, aes, own(ciphertext)))
  let end = padded.length - 1
  while (end > 0 && padded[end] === 0) end--
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm message')
  return new TextDecoder().decode(padded.subarray(0, end))
}

/** Checks a `vapid t=<JWT>, k=<key>` header (RFC 8292): ES256 signature by `k`, and returns the claims. */
export async function verifyVapidAuthorization(header: string, expectedPublicKey: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header)
  if (!match) throw new Error(`not a VAPID header: ${header}`)
  const [, token, k] = match as unknown as [string, string, string]
  if (k !== expectedPublicKey) throw new Error('signed with another key')
  const [head, claims, signature] = token.split('.') as [string, string, string]
  const key = await subtle.importKey(
    'raw',
    own(Buffer.from(k, 'base64url')),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  )
  const valid = await subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    own(Buffer.from(signature, 'base64url')),
    text(`${head}.${claims}`),
  )
  return {
    valid,
    header: JSON.parse(Buffer.from(head, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string },
  }
}
