import { sql, type Kysely } from 'kysely'
import { consentActiveAt } from '../cameras/camera.repository.ts'
import type { Database } from '../db/database.ts'
import type { Species } from '../searches/search.table.ts'
import { codeWords } from './sign-code.ts'

/**
 * The highest sighting id below which every sighting that will ever be visible already is (see
 * sql/0016_sighting_watermark.sql); undefined when writes in flight kept the lock from it for 50 ms.
 */
export async function sightingWatermark(db: Kysely<Database>): Promise<number | undefined> {
  try {
    const { rows } = await sql<{ last: string }>`select sighting_watermark()::text as last`.execute(db)
    return Number(rows[0]!.last)
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') return undefined // lock_not_available
    throw err
  }
}

export interface SightingCodeRow {
  readonly id: string
  readonly captured_at: Date
  readonly species: Species
  readonly model_id: string
  readonly cell: string
  readonly camera_id: string
  readonly code: number[]
}

/** The code read back 32 bits at a time, first bit most significant (src/matches/sign-code.ts). */
function codeAsWords(dimension: number) {
  const words = Array.from(
    { length: codeWords(dimension) },
    (_, k) => sql`substring(embedding_code from ${sql.lit(32 * k + 1)} for 32)::bit(32)::int4`,
  )
  return sql<number[]>`array[${sql.join(words)}]`
}

/** A page of one model's unexpired sightings with ids in (afterId, upToId], in id order. */
export function listSightingCodes(
  db: Kysely<Database>,
  q: { modelId: string; dimension: number; afterId: number; upToId?: number; limit: number; now: Date },
) {
  return db
    .selectFrom('sightings')
    .select(['id', 'captured_at', 'species', 'model_id', 'cell', 'camera_id'])
    .select(codeAsWords(q.dimension).as('code'))
    .where('model_id', '=', q.modelId)
    .where('id', '>', String(q.afterId))
    .$if(q.upToId !== undefined, (qb) => qb.where('id', '<=', String(q.upToId)))
    .where('expires_at', '>', q.now)
    .orderBy('id')
    .limit(q.limit)
    .execute() as Promise<SightingCodeRow[]>
}

/** Cameras whose consent was revoked at or after `since`. */
export async function listCamerasRevokedSince(db: Kysely<Database>, since: Date): Promise<string[]> {
  const rows = await db.selectFrom('cameras').select('id').where('consent_revoked_at', '>=', since).execute()
  return rows.map((row) => row.id)
}

/** Of these cameras, the ones that still exist with consent active. */
export async function listConsentingCameras(
  db: Kysely<Database>,
  ids: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db
    .selectFrom('cameras')
    .select('id')
    .where('id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`)
    .where(consentActiveAt(now))
    .execute()
  return new Set(rows.map((row) => row.id))
}
