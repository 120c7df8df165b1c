// The photos stored before people were masked (sql/0070), across the features that keep photos: a lost search's,
// a found report's and a guest sighting's. The backfill is the one reader that needs all three.
import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/database.ts'

export type StoredPhotoKind = 'search' | 'found' | 'relay'

export interface UnmaskedPhoto {
  readonly kind: StoredPhotoKind
  readonly id: string
  readonly key: string
}

const tables = {
  search: { table: 'search_photos', key: 'storage_key' },
  found: { table: 'found_reports', key: 'photo_key' },
  relay: { table: 'relay_messages', key: 'photo_key' },
} as const satisfies Record<StoredPhotoKind, { table: keyof Database; key: string }>

export const STORED_PHOTO_KINDS = Object.keys(tables) as StoredPhotoKind[]

/** Up to `limit` photos of this kind not yet masked nor refused, in id order after `after` (one pass per run). */
export async function listUnmaskedPhotos(
  db: Kysely<Database>,
  kind: StoredPhotoKind,
  after: string | undefined,
  limit: number,
): Promise<UnmaskedPhoto[]> {
  const { table, key } = tables[kind]
  const from = after === undefined ? sql`` : sql`and id > ${after}`
  const { rows } = await sql<{ id: string; key: string }>`
    select id, ${sql.ref(key)} as key from ${sql.table(table)}
    where masked_at is null and mask_refused_at is null and ${sql.ref(key)} is not null ${from}
    order by id limit ${limit}`.execute(db)
  return rows.map((r) => ({ kind, id: r.id, key: r.key }))
}

export async function countUnmaskedPhotos(db: Kysely<Database>): Promise<number> {
  let total = 0
  for (const kind of STORED_PHOTO_KINDS) {
    const { table, key } = tables[kind]
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(table)} where masked_at is null and mask_refused_at is null and ${sql.ref(key)} is not null`.execute(
      db,
    )
    total += Number(rows[0]?.n ?? 0)
  }
  return total
}

/** Marks a photo masked by `version`; a search photo rewritten with people masked also gets its new size. */
export async function markPhotoMasked(
  db: Kysely<Database>,
  photo: UnmaskedPhoto,
  version: number,
  now: Date,
  bytes?: number,
) {
  const { table } = tables[photo.kind]
  const size = photo.kind === 'search' && bytes !== undefined ? sql`, bytes = ${bytes}` : sql``
  await sql`update ${sql.table(table)} set masked_at = ${now}, mask_version = ${version}${size} where id = ${photo.id} and masked_at is null`.execute(
    db,
  )
}

export async function markPhotoRefused(db: Kysely<Database>, photo: UnmaskedPhoto, now: Date) {
  const { table } = tables[photo.kind]
  await sql`update ${sql.table(table)} set mask_refused_at = ${now} where id = ${photo.id} and masked_at is null`.execute(
    db,
  )
}
