import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { LatLng } from '../geo/cells.ts'
import { concatBytes, fromBase64Url, hkdfAesGcmKey, randomBytesOf, toBase64Url, utf8Bytes } from '../web-crypto.ts'

/**
 * Seals a search's exact last-seen point for its owner's eyes only. The key is derived from the auth
 * secret (AUTH_SECRET or DATA_DIR/auth-secret), never stored in the database, so a copy of the database
 * holds only ciphertext. The owner's id is the associated data: a sealed point moved to another
 * account's row does not open.
 */
export interface PointSealer {
  seal(ownerId: string, point: LatLng): Promise<string>
  open(ownerId: string, sealed: string): Promise<LatLng>
}

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

export function createPointSealer(secret: string): PointSealer {
  let key: Promise<CryptoKey> | undefined
  const keyOf = () => (key ??= hkdfAesGcmKey(secret, 'homeward', 'last-seen point v1'))
  const gcm = (iv: Uint8Array<ArrayBuffer>, ownerId: string) => ({
    name: 'AES-GCM',
    iv,
    additionalData: utf8Bytes(ownerId),
  })
  return {
    async seal(ownerId, point) {
      const iv = randomBytesOf(IV_BYTES)
      const plain = utf8Bytes(JSON.stringify([point.lat, point.lng]))
      const out = new Uint8Array(await crypto.subtle.encrypt(gcm(iv, ownerId), await keyOf(), plain))
      // Stored as iv | tag | data, the layout points were first sealed in (node:crypto); WebCrypto puts the tag last.
      const body = concatBytes(iv, out.subarray(out.length - TAG_BYTES), out.subarray(0, out.length - TAG_BYTES))
      return `${VERSION}.${toBase64Url(body)}`
    },
    async open(ownerId, sealed) {
      const [version, body] = sealed.split('.')
      if (version !== VERSION || !body) throw new Error('unknown sealed point format')
      const raw = fromBase64Url(body)
      const iv = raw.slice(0, IV_BYTES)
      const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES)
      const data = concatBytes(raw.subarray(IV_BYTES + TAG_BYTES), tag)
      const plain = await crypto.subtle.decrypt(gcm(iv, ownerId), await keyOf(), data)
      const [lat, lng] = JSON.parse(new TextDecoder().decode(plain)) as [number, number]
      return { lat, lng }
    },
  }
}

/** Searches written before sql/0018 still hold the point in clear: seal it and clear the columns. */
export async function sealClearLastSeenPoints(db: Kysely<Database>, sealer: PointSealer): Promise<number> {
  const rows = await db
    .selectFrom('lost_searches')
    .select(['id', 'owner_id', 'last_seen_lat', 'last_seen_lng'])
    .where('last_seen_lat', 'is not', null)
    .execute()
  for (const row of rows)
    await db
      .updateTable('lost_searches')
      .set({
        last_seen_sealed: await sealer.seal(row.owner_id, { lat: row.last_seen_lat!, lng: row.last_seen_lng! }),
        last_seen_lat: null,
        last_seen_lng: null,
      })
      .where('id', '=', row.id)
      .execute()
  return rows.length
}
