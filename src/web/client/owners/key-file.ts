import type { ShareKey } from './share-suite.ts'
import { t } from '../../i18n/client.ts'

export const KEY_FILE_FORMAT = 'homeward-share-keys'

export interface KeyFile {
  readonly format: typeof KEY_FILE_FORMAT
  readonly version: 1
  readonly suite: { kem: string; kdf: string; aead: string }
  readonly note: string
  readonly keys: readonly ShareKey[]
}

export function toKeyFile(keys: readonly ShareKey[], suite: KeyFile['suite']): KeyFile {
  return {
    format: KEY_FILE_FORMAT,
    version: 1,
    suite,
    note: t('key.file.note'),
    keys: keys.map(({ publicKey, privateKey, createdAt }) => ({ publicKey, privateKey, createdAt })),
  }
}

export type ParsedKeyFile =
  { readonly kind: 'keys'; readonly keys: ShareKey[] } | { readonly kind: 'invalid'; readonly reason: string }

const X25519_KEY = /^[A-Za-z0-9_-]{43}$/ // 32 bytes in base64url

/** Reads an exported key file; says plainly what is wrong with anything else. */
export function parseKeyFile(text: string): ParsedKeyFile {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'invalid', reason: t('key.file.notJson') }
  }
  const file = value as Partial<KeyFile> | null
  if (!file || typeof file !== 'object' || file.format !== KEY_FILE_FORMAT)
    return { kind: 'invalid', reason: t('key.file.notKeyFile') }
  if (file.version !== 1) return { kind: 'invalid', reason: t('key.file.version', { version: String(file.version) }) }
  if (!Array.isArray(file.keys) || file.keys.length === 0) return { kind: 'invalid', reason: t('key.file.empty') }
  const keys: ShareKey[] = []
  for (const key of file.keys as unknown[]) {
    const k = key as Partial<ShareKey> | null
    if (
      !k ||
      typeof k.publicKey !== 'string' ||
      typeof k.privateKey !== 'string' ||
      !X25519_KEY.test(k.publicKey) ||
      !X25519_KEY.test(k.privateKey)
    )
      return { kind: 'invalid', reason: t('key.file.damaged') }
    const createdAt =
      typeof k.createdAt === 'string' && !Number.isNaN(Date.parse(k.createdAt))
        ? k.createdAt
        : new Date(0).toISOString()
    keys.push({ publicKey: k.publicKey, privateKey: k.privateKey, createdAt })
  }
  return { kind: 'keys', keys }
}

export type ShareKeyPlan = 'register' | 'held' | 'missing'

/**
 * What a page does about a search's share key: register this device's key when the search has none,
 * nothing when this device holds it, and tell the owner to import it when another device made it.
 */
export function planShareKey(searchKey: string | null, heldPublicKeys: readonly string[]): ShareKeyPlan {
  if (searchKey === null) return 'register'
  return heldPublicKeys.includes(searchKey) ? 'held' : 'missing'
}

/** A short, readable fingerprint of a public key, to compare devices by eye. */
export function keyFingerprint(publicKey: string): string {
  return (publicKey.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ')
}
