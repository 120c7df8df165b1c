import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Species } from '../searches/search.table.ts'
import { codeWords } from './sign-code.ts'

/**
 * The barrier waits at most this long for sighting writes in flight; meanwhile new writes queue behind
 * it, so this bounds the delay it can add to ingest. On a timeout the caller keeps its older watermark.
 */
const WATERMARK_LOCK_TIMEOUT = '50ms'

/**
 * The highest sighting id below which every sighting that will ever be visible already is. Ids are
 * drawn before a row commits, so a row with a lower id than one already visible can still appear; a
 * SHARE lock on the sightings table waits out every transaction writing to it (each holds ROW EXCLUSIVE
 * from its first statement until it ends) and holds back new ones while the sequence is read. Every id
 * drawn so far then belongs to a committed or rolled-back row. Undefined when the lock was not had in time.
 */
export async function sightingWatermark(db: Kysely<Database>): Promise<number | undefined> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select set_config('lock_timeout', ${WATERMARK_LOCK_TIMEOUT}, true)`.execute(trx)
      await sql`lock table only sightings in share mode`.execute(trx)
      const { rows } = await sql<{ last: string | null }>`
        select pg_sequence_last_value(pg_get_serial_sequence('sightings', 'id')::regclass)::text as last`.execute(trx)
      return Number(rows[0]?.last ?? 0)
    })
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
  const words = Array.from({ length: codeWords(dimension) }, (_, k) => sql`substring(embedding_code from ${sql.lit(32 * k + 1)} for 32)::bit(32)::int4`)
  return sql<number[]>`array[${sql.join(words)}]`
}

/** A page of one model's unexpired sightings with ids in (afterId, upToId], in id order. */
export function listSightingCodes(db: Kysely<Database>, q: { modelId: string; dimension: number; afterId: number; upToId?: number; limit: number; now: Date }) {
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
export async function listConsentingCameras(db: Kysely<Database>, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db
    .selectFrom('cameras')
    .select('id')
    .where('id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`)
    .where('consent_revoked_at', 'is', null)
    .where('consent_expires_at', '>', now)
    .execute()
  return new Set(rows.map((row) => row.id))
}
