import { sql, type ExpressionBuilder, type Kysely, type NotNull, type RawBuilder } from 'kysely'
import { consentActiveAt } from '../cameras/camera.repository.ts'
import type { Database } from '../db/database.ts'
import type { Species } from '../searches/search.table.ts'

export interface CandidateQuery {
  readonly species: Species
  readonly modelId: string
  readonly cells: readonly string[]
  readonly capturedSince: Date
  readonly now: Date
  /** The search's photo embeddings (pgvector text); a sighting scores its best similarity to any. */
  readonly embeddings: readonly string[]
  readonly maxDistance: number
  /**
   * The largest Hamming distance between a sighting's sign-bit code and a search photo's at which it is
   * still scored exactly (signCodeBound); unset for a model whose sign bits are not known to track the
   * angle: then every candidate is scored.
   */
  readonly codeBound?: number
  /** The first step's answer when a SightingCodeCache gave it: the near sightings (only with a `codeBound`). */
  readonly near?: { readonly ids: readonly number[]; readonly capturedAt: readonly number[] }
  readonly limit: number
  /** Only these sightings (a new batch); all of them when unset. */
  readonly sightingIds?: readonly string[]
}

export interface CandidateSighting {
  readonly id: string
  readonly camera_id: string
  readonly camera_owner_id: string
  readonly captured_at: Date
  readonly snapshot_ref: string
  readonly distance: number
}

export type CandidateFilter = Omit<CandidateQuery, 'limit'>

/** The smallest of one distance per search photo. */
const nearest = (distances: readonly RawBuilder<number>[]) =>
  distances.length === 1 ? distances[0]! : sql<number>`least(${sql.join(distances)})`

const bestDistance = (embeddings: readonly string[]) =>
  nearest(embeddings.map((e) => sql<number>`(sightings.embedding <=> ${e}::halfvec)`))

/** Hamming distance from a sighting's sign bits to the nearest search photo's (each photo's computed once). */
const nearestCodeDistance = (embeddings: readonly string[]) =>
  nearest(embeddings.map((e) => sql<number>`(sightings.embedding_code <~> (select binary_quantize(${e}::halfvec)))`))

/** Same species and model, in the search's cells and time, and in the batch when one is given. */
function isCandidate(eb: ExpressionBuilder<Database, 'sightings'>, q: CandidateFilter) {
  return eb.and([
    eb('sightings.species', '=', q.species),
    eb('sightings.model_id', '=', q.modelId),
    eb('sightings.cell', 'in', q.cells),
    eb('sightings.captured_at', '>=', q.capturedSince),
    ...(q.sightingIds ? [eb('sightings.id', 'in', q.sightingIds.length ? q.sightingIds : ['0'])] : []),
  ])
}

/**
 * The sighting's camera's owner while its consent is active; null (and the sighting dropped) when not.
 * A lookup per row: cheap for the few rows step 2 fetches, where a join's estimate misleads the planner.
 */
const cameraOwnerWhileConsenting = (eb: ExpressionBuilder<Database, 'sightings'>, now: Date) =>
  eb
    .selectFrom('cameras')
    .select('cameras.owner_id')
    .whereRef('cameras.id', '=', 'sightings.camera_id')
    .where(consentActiveAt(now))

/** Step 1 in the database: the candidates whose sign-bit code lies within the bound of a search photo's. */
function nearByCode(db: Kysely<Database>, q: CandidateFilter, codeBound: number) {
  return db
    .selectFrom('sightings')
    .select(['sightings.id', 'sightings.captured_at'])
    .where((e) => isCandidate(e, q))
    .where(nearestCodeDistance(q.embeddings), '<=', codeBound)
}

/** Step 1 answered by a SightingCodeCache, as rows. */
function nearFromCache(db: Kysely<Database>, near: NonNullable<CandidateFilter['near']>) {
  return db.selectNoFrom([
    sql<string>`unnest(${`{${near.ids.join(',')}}`}::int8[])`.as('id'),
    sql<Date>`to_timestamp(unnest(${`{${near.capturedAt.join(',')}}`}::float8[]) / 1000)`.as('captured_at'),
  ])
}

/**
 * The one place the matching strategy lives, in two steps. First, the sightings whose 64-byte sign-bit
 * code lies within `codeBound` of a search photo's: ~1 in 110 candidates in bench:match, and every one
 * that could plausibly pass the threshold. A SightingCodeCache answers this in memory (`near`); without
 * one, an index-only scan of the candidate index — (species, model, cell, time), carrying each code —
 * does. Then only those are fetched by primary key (one partition each) and kept if their exact halfvec
 * cosine distance passes, they have not expired and their camera's consent is active. Scoring every 1 KB
 * candidate exactly took 2–3× as long as the index-only scan at 1M sightings (bench:match
 * --no-prefilter, README), and is what a model without a `codeBound` gets; HNSW loses recall under
 * these filters.
 */
function candidateSightings(db: Kysely<Database>, q: CandidateFilter) {
  const distance = bestDistance(q.embeddings)
  const { codeBound } = q
  const scored =
    codeBound === undefined
      ? db.selectFrom((eb) =>
          eb
            .selectFrom('sightings')
            .innerJoin('cameras', 'cameras.id', 'sightings.camera_id')
            .selectAll('sightings')
            .select('cameras.owner_id as camera_owner_id')
            .where((e) => isCandidate(e, q))
            .where('sightings.expires_at', '>', q.now)
            .where(consentActiveAt(q.now))
            .as('sightings'),
        )
      : db
          // OFFSET 0 keeps the planner from merging the two steps into one scan that scores every candidate.
          .selectFrom((q.near ? nearFromCache(db, q.near) : nearByCode(db, q, codeBound)).offset(0).as('near'))
          // Each near sighting by primary key: run-time partition pruning picks its one partition. The
          // cache holds capture times to the millisecond, the table to the microsecond.
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('sightings')
                .selectAll('sightings')
                .select((e) => cameraOwnerWhileConsenting(e, q.now).as('camera_owner_id'))
                .whereRef('sightings.id', '=', 'near.id')
                .where('sightings.captured_at', '>', sql<Date>`near.captured_at - interval '1 ms'`)
                .where('sightings.captured_at', '<', sql<Date>`near.captured_at + interval '1 ms'`)
                .where('sightings.expires_at', '>', q.now)
                .as('sightings'),
            (join) => join.onTrue(),
          )
  const query = scored.where('sightings.camera_owner_id', 'is not', null).where(distance, '<=', q.maxDistance)
  return { query, distance }
}

export async function findCandidateSightings(db: Kysely<Database>, q: CandidateQuery): Promise<CandidateSighting[]> {
  if (q.cells.length === 0 || q.embeddings.length === 0) return []
  const { query, distance } = candidateSightings(db, q)
  const rows = await query
    .select([
      'sightings.id',
      'sightings.camera_id',
      'sightings.camera_owner_id',
      'sightings.captured_at',
      'sightings.snapshot_ref',
    ])
    .select(distance.as('distance'))
    .$narrowType<{ camera_owner_id: NotNull }>()
    .orderBy('distance')
    .orderBy('sightings.id')
    .limit(q.limit)
    .execute()
  return rows.map((row) => ({ ...row, id: String(row.id), distance: Number(row.distance) }))
}

export interface CandidateCount {
  readonly cell: string
  readonly hour: Date
  readonly sightings: number
}

/** The same candidates, counted per coarse cell and UTC hour: nothing about any one camera. */
export async function countCandidatesByCellHour(db: Kysely<Database>, q: CandidateFilter): Promise<CandidateCount[]> {
  if (q.cells.length === 0 || q.embeddings.length === 0) return []
  const hour = sql<Date>`date_trunc('hour', sightings.captured_at, 'UTC')`
  const rows = await candidateSightings(db, q)
    .query.select(['sightings.cell', hour.as('hour'), (eb) => eb.fn.countAll<string>().as('sightings')])
    .groupBy(['sightings.cell', hour])
    .execute()
  return rows.map((row) => ({ cell: row.cell, hour: new Date(row.hour), sightings: Number(row.sightings) }))
}

/** Which cameras may vouch for a trail area (built by trail.rules.ts witnessFilter). */
export interface WitnessFilter {
  readonly now: Date
  readonly cameraRegisteredBy: Date
  readonly accountCreatedBy: Date
  readonly minActiveDays: number
  /** Days since the epoch: the camera's last day of activity must be this one or later. */
  readonly lastActiveDaySince: number
  readonly viewerId: string
}

/**
 * The owners of each cell's witness cameras (trail.rules.ts TRAIL_WITNESS): consenting, registered and
 * active long enough, of an established account other than the viewer's; each owner once per cell.
 */
export async function trailWitnessesByCell(
  db: Kysely<Database>,
  cells: readonly string[],
  w: WitnessFilter,
): Promise<Map<string, string[]>> {
  if (cells.length === 0) return new Map()
  const rows = await db
    .selectFrom('cameras')
    .innerJoin('users', 'users.id', 'cameras.owner_id')
    .select(['cameras.cell', 'cameras.owner_id'])
    .distinct()
    .where('cameras.cell', 'in', cells)
    .where(consentActiveAt(w.now))
    .where('cameras.created_at', '<=', w.cameraRegisteredBy)
    .where('cameras.active_days', '>=', w.minActiveDays)
    .where('cameras.last_active_day', '>=', w.lastActiveDaySince)
    .where('users.createdAt', '<=', w.accountCreatedBy)
    .where('cameras.owner_id', '!=', w.viewerId)
    .execute()
  const byCell = new Map<string, string[]>()
  for (const row of rows) byCell.set(row.cell, [...(byCell.get(row.cell) ?? []), row.owner_id])
  return byCell
}

export function findMatchableSearch(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('lost_searches')
    .select(['id', 'species', 'last_seen_at', 'last_seen_cell', 'radius_m', 'status'])
    .where('id', '=', searchId)
    .executeTakeFirst()
}

export function listActiveSearches(db: Kysely<Database>, species: readonly Species[]) {
  if (species.length === 0) return Promise.resolve([])
  return db
    .selectFrom('lost_searches')
    .select(['id', 'species', 'last_seen_at', 'last_seen_cell', 'radius_m', 'status'])
    .where('status', '=', 'active')
    .where('species', 'in', species)
    .execute()
}

export async function searchPhotoEmbeddings(
  db: Kysely<Database>,
  searchId: string,
  modelId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('search_photos')
    .select('embedding')
    .where('search_id', '=', searchId)
    .where('model_id', '=', modelId)
    .where('embedding', 'is not', null)
    .execute()
  return rows.map((row) => row.embedding!)
}

export function findCameraCell(db: Kysely<Database>, cameraId: string) {
  return db.selectFrom('cameras').select(['id', 'cell']).where('id', '=', cameraId).executeTakeFirst()
}

export async function speciesOfSightings(db: Kysely<Database>, ids: readonly string[]): Promise<Species[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('sightings').select('species').distinct().where('id', 'in', ids).execute()
  return rows.map((row) => row.species)
}

export function searchPhotoEmbeddingsAllModels(db: Kysely<Database>, searchId: string) {
  return db
    .selectFrom('search_photos')
    .select(['model_id', 'embedding'])
    .where('search_id', '=', searchId)
    .where('embedding', 'is not', null)
    .where('model_id', 'is not', null)
    .orderBy('position')
    .execute() as Promise<{ model_id: string; embedding: string }[]>
}
