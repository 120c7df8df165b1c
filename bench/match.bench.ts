// npm run bench:match [-- --sightings 1000000 --db postgres|pglite --queries 200 --truth-queries 100 --radius 2000
//                        --cells 543 --write-rate 4 --batch 10 --probes 30 --poll-seconds 0.5 --skip-layouts --keep
//                        --db-name homeward_bench_match --no-prefilter --no-code-cache]
// (`--rows` is an alias of `--sightings`.)
// Builds synthetic sightings (72 hours arriving in time order, 512-d embeddings clustered around 12 animals
// per coarse cell, `cells` H3 res-8 cells ≈ 20 × 20 km at 543) with the real migrations, in a scratch
// PostgreSQL database (DATABASE_URL's server, or the local one; loaded by binary COPY) or in PGlite in a
// temp dir (loaded by multi-row inserts: PGlite has no COPY from a client stream). Connections are held
// as the server holds them: openDatabase's pool (10 on PostgreSQL, PGlite's one) and pg-boss's own.
//
// search: the real candidate search (findCandidates, limit 500, with the code cache, as the matcher runs
// it) on the default layout (closed 6-hour windows ordered by the sighting-layout job, the open one in arrival
// order), timed while a writer hands a sighting batch to the real ingest path (ingestSightings, what
// POST /api/sightings calls, which enqueues the match job in the same transaction) at a steady rate and
// the real match workers run. recall_at_10: the query's first 10 against the exact top 10 by float64
// cosine of the generated vectors over the same filter (species, cells, time, model, similarity
// threshold), computed afterwards over the rows that existed when the query ended; a row inserted while
// the query ran, which it may not have seen, is not counted as a miss.
//
// alert_enqueue_p95_ms: a probe batch matching an active search, from a camera that has no alert yet,
// is handed to ingestSightings; timed until the match worker (real pg-boss queue and handler, polling as
// the server does) has committed the alert and its notification job — the moment it publishes the
// alert event. Probes run one at a time, a random 0.2–1.2 s apart, while the writer keeps writing.
//
// --no-prefilter: score every candidate exactly, as a model whose sign bits do not track the angle is.
// --no-code-cache: the first step (sign-bit codes) in PostgreSQL's index-only scan, not in the server's
// in-memory SightingCodeCache (MATCH_CODE_CACHE=off). The cache is loaded once the windows are ordered
// (code_cache.initial_load_ms) and refreshed every second while the writer writes, as the server runs it.
//
// layouts: the same query with no concurrent writer on each physical layout (arrival order, windows
// ordered, every window ordered) — what chose the default.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { cellToLatLng } from 'h3-js'
import { sql, type Kysely } from 'kysely'
import postgres from 'postgres'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { AlertEvents } from '../src/alerts/alert.events.ts'
import { systemClock } from '../src/clock.ts'
import { openDatabase, type OpenDatabase } from '../src/db/connect.ts'
import type { Database } from '../src/db/database.ts'
import { migrate } from '../src/db/migrate.ts'
import { cellsWithin } from '../src/geo/cells.ts'
import { startJobQueue, stopJobQueue } from '../src/jobs/boss.ts'
import { createMatchQueues } from '../src/matches/match.queue.ts'
import type { CandidateQuery } from '../src/matches/match.repository.ts'
import { codeBoundFor, findCandidates } from '../src/matches/match.service.ts'
import { SightingCodeCache } from '../src/matches/sighting-code-cache.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../src/matches/thresholds.ts'
import { createNotifier } from '../src/notifications/notification.queue.ts'
import { listSightingPartitions, orderSightingPartition } from '../src/sightings/sighting-layout.repository.ts'
import { createSightingPartitionsBetween, maintainSightingLayout } from '../src/sightings/sighting-layout.service.ts'
import { ingestSightings, type SightingInput } from '../src/sightings/sighting.service.ts'
import { startMatchWorkers } from '../workers/match-worker.ts'
import * as data from './match-data.ts'

const { values: args } = parseArgs({
  options: {
    sightings: { type: 'string' },
    rows: { type: 'string' },
    db: { type: 'string', default: 'postgres' },
    queries: { type: 'string', default: '200' },
    'truth-queries': { type: 'string', default: '100' },
    radius: { type: 'string', default: '2000' },
    cells: { type: 'string', default: '543' },
    'write-rate': { type: 'string', default: '4' }, // sightings/s: the 1M-sighting city's own rate (1M / 72 h ≈ 3.9)
    batch: { type: 'string', default: '10' },
    probes: { type: 'string', default: '30' },
    'poll-seconds': { type: 'string', default: '0.5' },
    'skip-layouts': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'db-name': { type: 'string', default: 'homeward_bench_match' },
    'no-prefilter': { type: 'boolean', default: false },
    'no-code-cache': { type: 'boolean', default: false },
  },
})
if (args.db !== 'postgres' && args.db !== 'pglite') throw new Error('--db is postgres or pglite')
const DB_KIND: 'postgres' | 'pglite' = args.db
const ROWS = Number(args.sightings ?? args.rows ?? (DB_KIND === 'postgres' ? 1_000_000 : 100_000))
const QUERIES = Number(args.queries)
const TRUTH_QUERIES = Math.min(QUERIES, Number(args['truth-queries']))
const RADIUS_M = Number(args.radius)
const CELLS = Number(args.cells)
const WRITE_RATE = Number(args['write-rate'])
const BATCH = Number(args.batch)
const PROBES = Number(args.probes)
const POLL_SECONDS = Number(args['poll-seconds'])
const SPAN_MS = 72 * 3600_000
const MODEL = DEFAULT_EMBEDDING_MODEL_ID
const DIMENSION = findEmbeddingModel(MODEL)!.dimension
const MIN_SIMILARITY = CALIBRATED_MIN_SIMILARITY[MODEL]!
const CODE_BOUND = args['no-prefilter'] ? undefined : codeBoundFor({ modelId: MODEL, minSimilarity: MIN_SIMILARITY })
const LIMIT = 500
const TOP = 10
const NOW = new Date()
const OWNER = 'bench-owner'
const log = (...m: unknown[]) => console.error(`[bench:match ${new Date().toISOString().slice(11, 19)}]`, ...m)
const ms = (t0: number) => Math.round(performance.now() - t0)
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! : NaN
const round = (x: number) => Number(x.toFixed(1))

// --- database -------------------------------------------------------------------------------------

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
if (!/^[a-z_][a-z0-9_]*$/.test(args['db-name'])) throw new Error('--db-name: lower-case letters, digits and _')
const dbName = args['db-name']
let admin: postgres.Sql | undefined
let benchUrl = ''
let pgliteDir = ''
let database: OpenDatabase
if (DB_KIND === 'postgres') {
  admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${dbName} with (force)`)
  await admin.unsafe(`create database ${dbName}`)
  const url = new URL(serverUrl)
  url.pathname = `/${dbName}`
  benchUrl = url.toString()
  database = await openDatabase({ kind: 'postgres', url: benchUrl })
} else {
  pgliteDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-bench-match-'))
  database = await openDatabase({ kind: 'pglite', dir: pgliteDir })
}
const { db } = database

/** The generated vector behind a stored sighting: `b<index>` from the load, `w<index>:<animal>` written later. */
function embeddingOfClientId(clientId: string, cellCount: number, prototypes: Map<number, Float64Array>) {
  const [, index, animal] = /^[a-z](\d+)(?::(\d+))?$/.exec(clientId)!
  const row = data.benchRow(Number(index), ROWS, cellCount)
  return data.embeddingOf(animal === undefined ? row : { ...row, animal: Number(animal) }, DIMENSION, prototypes)
}

async function loadWithCopy(
  cells: string[],
  cameraIds: string[],
  oldest: number,
  prototypes: Map<number, Float64Array>,
) {
  const raw = postgres(benchUrl, { max: 1, onnotice: () => {} })
  function* tuples() {
    yield data.COPY_HEADER
    let chunk: Buffer[] = []
    for (let i = 0; i < ROWS; i++) {
      const row = data.benchRow(i, ROWS, cells.length)
      const capturedAt = new Date(oldest + row.at * SPAN_MS)
      chunk.push(
        data.encodeTuple([
          { uuid: cameraIds[row.camera]! },
          { text: `b${i}` },
          { text: row.species },
          { text: cells[row.cellIndex]! },
          { time: capturedAt },
          { real: 0.8 },
          { text: MODEL },
          { halfvec: data.embeddingOf(row, DIMENSION, prototypes) },
          { text: `s${i}` },
          { time: new Date(capturedAt.getTime() + SPAN_MS) },
        ]),
      )
      if (chunk.length === 2000) {
        yield Buffer.concat(chunk)
        chunk = []
      }
      if (i % 100_000 === 0 && i) log(`loaded ${i} sightings`)
    }
    yield Buffer.concat([...chunk, data.COPY_TRAILER])
  }
  try {
    const copy =
      await raw`copy sightings (camera_id, client_id, species, cell, captured_at, score, model_id, embedding, snapshot_ref, expires_at) from stdin (format binary)`.writable()
    await pipeline(Readable.from(tuples()), copy)
  } finally {
    await raw.end()
  }
}

async function loadWithInserts(
  cells: string[],
  cameraIds: string[],
  oldest: number,
  prototypes: Map<number, Float64Array>,
) {
  const STEP = 250
  for (let i = 0; i < ROWS; i += STEP) {
    const values = []
    for (let j = i; j < Math.min(ROWS, i + STEP); j++) {
      const row = data.benchRow(j, ROWS, cells.length)
      const capturedAt = new Date(oldest + row.at * SPAN_MS)
      values.push({
        camera_id: cameraIds[row.camera]!,
        client_id: `b${j}`,
        species: row.species,
        cell: cells[row.cellIndex]!,
        captured_at: capturedAt,
        score: 0.8,
        model_id: MODEL,
        embedding: JSON.stringify(Array.from(data.embeddingOf(row, DIMENSION, prototypes))),
        snapshot_ref: `s${j}`,
        expires_at: new Date(capturedAt.getTime() + SPAN_MS),
      })
    }
    await db.insertInto('sightings').values(values).execute()
    if ((i + STEP) % 25_000 === 0) log(`loaded ${i + STEP} sightings`)
  }
}

const maxSightingId = async (d: Kysely<Database>) =>
  BigInt((await sql<{ m: string | null }>`select max(id)::text as m from sightings`.execute(d)).rows[0]!.m ?? '0')

let boss: Awaited<ReturnType<typeof startJobQueue>> | undefined
try {
  await migrate(database)
  const cells = data.benchCells({ lat: 51.5, lng: -0.12 }, CELLS)
  await db
    .insertInto('users')
    .values({ id: OWNER, name: 'Bench', email: 'bench@example.invalid', image: null })
    .execute()
  const cameraIds = Array.from({ length: cells.length * data.CAMERAS_PER_CELL }, () => randomUUID())
  for (let i = 0; i < cameraIds.length; i += 500)
    await db
      .insertInto('cameras')
      .values(
        cameraIds.slice(i, i + 500).map((id, j) => ({
          id,
          owner_id: OWNER,
          name: 'cam',
          cell: cells[Math.floor((i + j) / data.CAMERAS_PER_CELL)]!,
          consent_version: '1',
          consent_given_at: NOW,
          consent_expires_at: new Date(NOW.getTime() + 86_400_000),
          consent_revoked_at: null,
        })),
      )
      .execute()
  const oldest = NOW.getTime() - SPAN_MS
  await createSightingPartitionsBetween(db, new Date(oldest), new Date(NOW.getTime() + 6 * 3600_000))

  let t0 = performance.now()
  const prototypes = new Map<number, Float64Array>()
  log(`building ${ROWS} sightings in ${DB_KIND} (${DB_KIND === 'postgres' ? 'binary COPY' : 'multi-row inserts'})`)
  if (DB_KIND === 'postgres') await loadWithCopy(cells, cameraIds, oldest, prototypes)
  else await loadWithInserts(cells, cameraIds, oldest, prototypes)
  const loadMs = ms(t0)
  await sql.raw('vacuum analyze').execute(db) // as autovacuum would have by now: without camera statistics the planner loops over cameras
  const size = (
    await sql<{
      bytes: string
    }>`select sum(pg_total_relation_size(inhrelid))::bigint as bytes from pg_inherits where inhparent = 'sightings'::regclass`.execute(
      db,
    )
  ).rows[0]!
  log(`loaded ${ROWS} sightings in ${loadMs} ms`)

  // Queries: a search for one animal, from its home cell's centre, over the whole 72 hours.
  const queries = Array.from({ length: QUERIES }, (_, q) => {
    const cellIndex = (q * 7919) % Math.min(cells.length, Math.ceil(cells.length / 2))
    const animal = cellIndex * data.ANIMALS_PER_CELL + ((q * 31) % data.ANIMALS_PER_CELL)
    const [lat, lng] = cellToLatLng(cells[cellIndex]!)
    const embedding = data.queryEmbedding(animal, q, DIMENSION)
    const query: CandidateQuery = {
      species: animal % 2 ? 'cat' : 'dog',
      modelId: MODEL,
      cells: cellsWithin({ lat, lng }, RADIUS_M),
      capturedSince: new Date(oldest),
      now: NOW,
      embeddings: [JSON.stringify(Array.from(embedding))],
      maxDistance: 1 - MIN_SIMILARITY,
      codeBound: CODE_BOUND,
      limit: LIMIT,
    }
    return { query, embedding }
  })
  const selection = async (q: CandidateQuery, upTo?: bigint) =>
    (
      await sql<{
        id: string
        client_id: string
        page: string
      }>`select id::text, client_id, tableoid::text || ':' || (ctid::text::point)[0] as page from sightings
      where species = ${q.species} and cell in (${sql.join([...q.cells])}) and captured_at >= ${q.capturedSince} and expires_at > ${q.now}
        and model_id = ${q.modelId} ${upTo === undefined ? sql`` : sql`and id <= ${upTo.toString()}`}`.execute(db)
    ).rows

  interface Observation {
    top: string[]
    before: bigint
    after: bigint
  }
  /** Set while the server's moving parts run: the layouts are measured on the database alone. */
  let codeCache: SightingCodeCache | undefined
  const findCandidateSightings = (query: CandidateQuery) => findCandidates({ db, codeCache }, query)
  /** Times every query once (after a warm-up pass); the exact top 10 is computed afterwards. */
  async function timeQueries() {
    for (const { query } of queries) await findCandidateSightings(query)
    const latencies: number[] = []
    const observed: Observation[] = []
    let returned = 0
    for (const [i, { query }] of queries.entries()) {
      const before = i < TRUTH_QUERIES ? await maxSightingId(db) : 0n
      const t = performance.now()
      const found = await findCandidateSightings(query)
      latencies.push(performance.now() - t)
      returned += found.length
      if (i < TRUTH_QUERIES)
        observed.push({ top: found.slice(0, TOP).map((f) => f.id), before, after: await maxSightingId(db) })
    }
    return { latencies, observed, returned }
  }
  const selected: number[] = []
  async function recallAt10(observed: Observation[]) {
    let sum = 0
    for (const [i, o] of observed.entries()) {
      const { query, embedding } = queries[i]!
      const rows = await selection(query, o.after)
      if (selected.length < observed.length) selected.push(rows.length)
      const scored = rows.map((r) => ({
        id: r.id,
        sim: data.cosine(embedding, embeddingOfClientId(r.client_id, cells.length, prototypes)),
      }))
      const exact = scored
        .filter((s) => s.sim >= MIN_SIMILARITY)
        .sort((a, b) => b.sim - a.sim)
        .slice(0, TOP)
      const got = new Set(o.top)
      const hits = exact.filter((e) => got.has(e.id)).length
      const unseen = exact.filter((e) => !got.has(e.id) && BigInt(e.id) > o.before).length
      sum += exact.length - unseen ? hits / (exact.length - unseen) : 1
    }
    return Number((sum / observed.length).toFixed(4))
  }
  async function pagesPerQuery() {
    const pages: number[] = []
    for (const { query } of queries.slice(0, 20)) pages.push(new Set((await selection(query)).map((r) => r.page)).size)
    return pct(pages, 0.5)
  }
  async function measureLayout(layout: string) {
    const run = await timeQueries()
    const result = {
      p50_ms: round(pct(run.latencies, 0.5)),
      p95_ms: round(pct(run.latencies, 0.95)),
      p99_ms: round(pct(run.latencies, 0.99)),
      recall_at_10: await recallAt10(run.observed),
      heap_pages_per_query_median: await pagesPerQuery(),
      matches_per_query_mean: Math.round(run.returned / queries.length),
    }
    log(layout, result)
    return result
  }

  const layouts: Record<string, unknown> = {}
  if (!args['skip-layouts']) layouts.arrival = await measureLayout('arrival (no writer)')
  t0 = performance.now()
  const layoutRun = await maintainSightingLayout(db, NOW)
  const reorderMs = ms(t0)
  await sql.raw('analyze sightings').execute(db)
  log(`ordered ${layoutRun.ordered.length} closed windows in ${reorderMs} ms`)
  if (!args['skip-layouts']) layouts['windows-ordered'] = await measureLayout('windows-ordered (no writer)')

  // --- the server's moving parts: the code cache, pg-boss, the match queue and workers, one active search
  let codeCacheReport: Record<string, number> | null = null
  if (!args['no-code-cache'] && CODE_BOUND !== undefined) {
    // The bench's searches run as of NOW (expiry included); the cache must keep the same clock, as the server's do.
    codeCache = new SightingCodeCache(db, { modelId: MODEL, now: () => NOW })
    const rssBefore = process.memoryUsage().rss
    t0 = performance.now()
    await codeCache.refresh()
    codeCacheReport = {
      initial_load_ms: ms(t0),
      sightings: codeCache.index.size,
      index_mb: round(codeCache.index.bytes / 2 ** 20),
      rss_growth_mb: Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20),
      refresh_ms: 1000,
    }
    log('code cache loaded', codeCacheReport)
    codeCache.start()
  }
  boss = await startJobQueue(
    DB_KIND === 'postgres'
      ? { kind: 'postgres', url: benchUrl }
      : { kind: 'pglite', pglite: database.pglite!, kysely: db },
    {
      onError: (error) => log('job queue error', error.message),
    },
  )
  const matchQueue = await createMatchQueues(boss)
  const alertEvents = new AlertEvents()
  const notifier = await createNotifier(boss)
  const quiet = {
    info() {},
    warn() {},
    error(o: unknown) {
      log('match worker error', o)
    },
    debug() {},
  }
  await startMatchWorkers(
    boss,
    {
      db,
      matching: { modelId: MODEL, minSimilarity: MIN_SIMILARITY },
      codeCache,
      alertEvents,
      notifier,
      trailNotices: matchQueue,
      now: systemClock,
    },
    quiet as never,
    { pollingIntervalSeconds: POLL_SECONDS },
  )

  const searchAnimal = 0 // a dog of cells[0]
  const [searchLat, searchLng] = cellToLatLng(cells[0]!)
  const { id: searchId } = await db
    .insertInto('lost_searches')
    .values({
      owner_id: OWNER,
      species: 'dog',
      name: 'Probe',
      last_seen_at: new Date(),
      last_seen_lat: searchLat,
      last_seen_lng: searchLng,
      last_seen_cell: cells[0]!,
      radius_m: RADIUS_M,
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('search_photos')
    .values({
      search_id: searchId,
      position: 0,
      storage_key: 'bench',
      content_type: 'image/jpeg',
      width: 1,
      height: 1,
      bytes: 1,
      model_id: MODEL,
      embedding: JSON.stringify(Array.from(data.prototypeOf(searchAnimal, DIMENSION))),
    })
    .execute()
  const cellIndex = new Map(cells.map((c, i) => [c, i]))
  const probeCameras = cellsWithin({ lat: searchLat, lng: searchLng }, Math.min(RADIUS_M, 1000))
    .flatMap((c) =>
      cellIndex.has(c)
        ? Array.from({ length: data.CAMERAS_PER_CELL }, (_, k) => cellIndex.get(c)! * data.CAMERAS_PER_CELL + k)
        : [],
    )
    .slice(0, PROBES)
  const probeSet = new Set(probeCameras)

  const ingestDeps = { db, matchQueue, now: systemClock }
  let nextIndex = ROWS
  /** A batch from one camera: sightings of the animals of its cell, captured now. */
  function batchFrom(camera: number, animalOf: (local: number) => number) {
    const batch: SightingInput[] = []
    for (let j = 0; j < BATCH; j++) {
      const index = nextIndex++
      const row = data.benchRow(index, ROWS, cells.length)
      const animal = animalOf(row.animal % data.ANIMALS_PER_CELL)
      batch.push({
        clientId: `w${index}:${animal}`,
        capturedAt: new Date().toISOString(),
        species: animal % 2 ? 'cat' : 'dog',
        score: 0.8,
        modelId: MODEL,
        embedding: Array.from(data.embeddingOf({ ...row, animal }, DIMENSION, prototypes)),
        snapshotRef: `s${index}`,
      })
    }
    return { cameraId: cameraIds[camera]!, batch }
  }
  // The writer never uses a probe camera, so each probe's alert is a new one (with its notification).
  const writer = { stop: false, batches: 0, latencies: [] as number[], startedAt: 0, stoppedAt: 0 }
  async function runWriter() {
    const interval = (1000 * BATCH) / WRITE_RATE
    writer.startedAt = performance.now()
    let due = writer.startedAt
    while (!writer.stop) {
      let camera = data.benchRow(nextIndex, ROWS, cells.length).camera
      while (probeSet.has(camera)) camera = (camera + data.CAMERAS_PER_CELL * 7) % cameraIds.length
      const cell = Math.floor(camera / data.CAMERAS_PER_CELL)
      const { cameraId, batch } = batchFrom(camera, (local) => cell * data.ANIMALS_PER_CELL + local)
      const t = performance.now()
      await ingestSightings(ingestDeps, cameraId, batch)
      writer.latencies.push(performance.now() - t)
      writer.batches++
      due += interval
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      else due = performance.now() // fell behind: carry on at the rate from here, not in a burst
    }
    writer.stoppedAt = performance.now()
  }
  const writing = runWriter()
  await sleep(2000)

  log(`timing ${QUERIES} searches while ${WRITE_RATE} sightings/s arrive in batches of ${BATCH}`)
  const run = await timeQueries()

  log(`timing ${probeCameras.length} sighting batches → alert enqueued`)
  const alertTimes = new Map<string, number>() // alert id → when its event was published
  const waiters = new Map<string, (t: number) => void>()
  alertEvents.subscribe(OWNER, (event) => {
    const t = performance.now()
    if (event.kind !== 'opened') return
    alertTimes.set(event.alertId, t)
    for (const resolve of waiters.values()) resolve(t)
  })
  const alertLatencies: number[] = []
  const probeIngest: number[] = []
  let missedProbes = 0
  for (const camera of probeCameras) {
    await sleep(200 + Math.random() * 1000)
    const { cameraId, batch } = batchFrom(camera, () => searchAnimal)
    const t = performance.now()
    const done = (async () => {
      while (performance.now() - t < 30_000) {
        await Promise.race([new Promise<number>((resolve) => waiters.set(cameraId, resolve)), sleep(250)])
        const mine = await db
          .selectFrom('alerts')
          .select('id')
          .where('camera_id', '=', cameraId)
          .where('search_id', '=', searchId)
          .executeTakeFirst()
        if (mine && alertTimes.has(mine.id)) return alertTimes.get(mine.id)!
      }
      return undefined
    })()
    await ingestSightings(ingestDeps, cameraId, batch)
    probeIngest.push(performance.now() - t)
    const at = await done
    waiters.delete(cameraId)
    if (at === undefined) missedProbes++
    else alertLatencies.push(at - t)
  }
  writer.stop = true
  await writing
  // The match worker is woken by each ingest commit and fetches again after each job; a backlog here means matching cannot keep up with the writer.
  const backlog = Number(
    (
      await sql<{
        n: string
      }>`select count(*) as n from pgboss.job where name = 'match-sightings' and state in ('created', 'retry')`.execute(
        db,
      )
    ).rows[0]!.n,
  )
  const writtenPerSecond = (writer.batches * BATCH) / ((writer.stoppedAt - writer.startedAt) / 1000)
  log(
    `writer stored ${writer.batches * BATCH} sightings at ${writtenPerSecond.toFixed(1)}/s; computing exact top ${TOP}`,
  )

  const search = {
    p50_ms: round(pct(run.latencies, 0.5)),
    p95_ms: round(pct(run.latencies, 0.95)),
    p99_ms: round(pct(run.latencies, 0.99)),
    recall_at_10: await recallAt10(run.observed),
    mean_ms: round(run.latencies.reduce((a, b) => a + b, 0) / run.latencies.length),
    layout: 'windows-ordered',
    queries: QUERIES,
    recall_queries: run.observed.length,
    matches_per_query_mean: Math.round(run.returned / QUERIES),
    concurrent_writer: {
      target_sightings_per_s: WRITE_RATE,
      achieved_sightings_per_s: round(writtenPerSecond),
      batch: BATCH,
      batches: writer.batches,
      ingest_p50_ms: round(pct(writer.latencies, 0.5)),
      ingest_p95_ms: round(pct(writer.latencies, 0.95)),
    },
  }
  log('search', search)

  await codeCache?.stop()
  codeCache = undefined
  if (!args['skip-layouts']) {
    await stopJobQueue(boss)
    boss = undefined
    const open = (await listSightingPartitions(db)).filter(
      (p) => !p.ordered_at && p.range_start.getTime() < NOW.getTime(),
    )
    for (const p of open) await orderSightingPartition(db, p.name)
    await sql.raw('analyze sightings').execute(db)
    layouts['fully-ordered'] = await measureLayout('fully-ordered (no writer)')
  }

  console.log(
    JSON.stringify(
      {
        sightings: ROWS,
        db: DB_KIND,
        search,
        alert_enqueue_p95_ms: round(pct(alertLatencies, 0.95)),
        alert_enqueue: {
          timed:
            'ingestSightings(batch) called → match worker committed the alert and its notification job (alert event published)',
          p50_ms: round(pct(alertLatencies, 0.5)),
          p95_ms: round(pct(alertLatencies, 0.95)),
          max_ms: round(Math.max(...alertLatencies)),
          probes: alertLatencies.length,
          missed: missedProbes,
          worker_poll_seconds: POLL_SECONDS,
          batch_to_match_job_committed_p95_ms: round(pct(probeIngest, 0.95)),
          match_jobs_queued_at_end: backlog,
        },
        code_cache: codeCacheReport,
        dimension: DIMENSION,
        cells: cells.length,
        area_km2: Math.round(cells.length * 0.737),
        span_hours: 72,
        radius_m: RADIUS_M,
        min_similarity: MIN_SIMILARITY,
        sign_code_bound: CODE_BOUND ?? null,
        limit: LIMIT,
        selected_rows_per_query: { median: pct(selected, 0.5), p95: pct(selected, 0.95) },
        table_bytes: Number(size.bytes),
        load_ms: loadMs,
        reorder: {
          ms: reorderMs,
          windows: layoutRun.ordered.length,
          rows: layoutRun.ordered.reduce((a, o) => a + o.rows, 0),
          slowest_window_ms: Math.max(0, ...layoutRun.ordered.map((o) => o.ms)),
        },
        layouts,
        machine: {
          cpus: os.cpus().length,
          loadavg_1m_5m_15m: os.loadavg().map((x) => Number(x.toFixed(2))),
          server: (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0],
        },
      },
      null,
      2,
    ),
  )
} finally {
  if (boss) await stopJobQueue(boss)
  await database.close()
  if (admin) {
    if (!args.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`)
    await admin.end()
  }
  if (pgliteDir && !args.keep) await fs.rm(pgliteDir, { recursive: true, force: true })
}
