import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { LatLng } from '../geo/cells.ts'

/**
 * Seals a search's exact last-seen point for its owner's eyes only. The key is derived from the auth
 * secret (AUTH_SECRET or DATA_DIR/auth-secret), never stored in the database, so a copy of the database
 * holds only ciphertext. The owner's id is the associated data: a sealed point moved to another
 * account's row does not open.
 */
export interface PointSealer {
  seal(ownerId: string, point: LatLng): string
  open(ownerId: string, sealed: string): LatLng
}

const VERSION = 'v1'

export function createPointSealer(secret: string): PointSealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'homeward', 'last-seen point v1', 32))
  return {
    seal(ownerId, point) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(ownerId))
      // Bytes, not a string: workerd's Cipheriv.update wants an input encoding with a string (Node assumes UTF-8).
      const data = Buffer.concat([cipher.update(Buffer.from(JSON.stringify([point.lat, point.lng]))), cipher.final()])
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`
    },
    open(ownerId, sealed) {
      const [version, body] = sealed.split('.')
      if (version !== VERSION || !body) throw new Error('unknown sealed point format')
      const raw = Buffer.from(body, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(ownerId))
      decipher.setAuthTag(raw.subarray(12, 28))
      const [lat, lng] = JSON.parse(
        Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(),
      ) as [number, number]
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
        last_seen_sealed: sealer.seal(row.owner_id, { lat: row.last_seen_lat!, lng: row.last_seen_lng! }),
        last_seen_lat: null,
        last_seen_lng: null,
      })
      .where('id', '=', row.id)
      .execute()
  return rows.length
}
