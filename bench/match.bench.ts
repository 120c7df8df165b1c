// npm run bench:match [-- --rows 1000000 --queries 200 --truth-queries 50 --radius 2000 --cells 400 --keep]
// Loads synthetic sightings (72 hours, arriving in time order, 512-d, `cells` coarse cells) into a
// scratch PostgreSQL database (DATABASE_URL's server, or the local one) with the real migrations, and
// times the real candidate query (findCandidateSightings) on each physical layout:
//   arrival         — rows as they arrived (what an unpartitioned, never-rewritten table looks like);
//   windows-ordered — what the sighting-layout job leaves: closed 6-hour windows in (species, cell,
//                     captured_at) order, the open window in arrival order (the default);
//   fully-ordered   — every window ordered: the upper bound.
// Recall and score error are against exact float64 cosine similarity of the generated vectors.
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { cellToLatLng } from 'h3-js'
import postgres from 'postgres'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrate } from '../src/db/migrate.ts'
import { cellsWithin } from '../src/geo/cells.ts'
import { findCandidateSightings, type CandidateQuery } from '../src/matches/match.repository.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../src/matches/thresholds.ts'
import { listSightingPartitions, orderSightingPartition } from '../src/sightings/sighting-layout.repository.ts'
import { createSightingPartitionsBetween, maintainSightingLayout } from '../src/sightings/sighting-layout.service.ts'
import * as data from './match-data.ts'

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    'truth-queries': { type: 'string', default: '50' },
    radius: { type: 'string', default: '2000' },
    cells: { type: 'string', default: '400' },
    keep: { type: 'boolean', default: false },
  },
})
const ROWS = Number(args.rows)
const QUERIES = Number(args.queries)
const TRUTH_QUERIES = Math.min(QUERIES, Number(args['truth-queries']))
const RADIUS_M = Number(args.radius)
const CELLS = Number(args.cells)
const SPAN_MS = 72 * 3600_000
const MODEL = DEFAULT_EMBEDDING_MODEL_ID
const DIMENSION = findEmbeddingModel(MODEL)!.dimension
const MIN_SIMILARITY = CALIBRATED_MIN_SIMILARITY[MODEL]!
const LIMIT = 500
const NOW = new Date()
const log = (...m: unknown[]) => console.error(`[bench:match ${new Date().toISOString().slice(11, 19)}]`, ...m)
const ms = (t0: number) => Math.round(performance.now() - t0)

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = 'homeward_bench_match'
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
await admin.unsafe(`drop database if exists ${dbName} with (force)`)
await admin.unsafe(`create database ${dbName}`)
const url = new URL(serverUrl)
url.pathname = `/${dbName}`
const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 2 })
const raw = postgres(url.toString(), { max: 1, onnotice: () => {} })

try {
  await migrate(database)
  const { db } = database
  const cells = data.benchCells({ lat: 51.5, lng: -0.12 }, CELLS)
  await db.insertInto('users').values({ id: 'bench-owner', name: 'Bench', email: 'bench@example.invalid', image: null }).execute()
  const cameraIds = Array.from({ length: cells.length * data.CAMERAS_PER_CELL }, () => randomUUID())
  for (let i = 0; i < cameraIds.length; i += 500)
    await db
      .insertInto('cameras')
      .values(cameraIds.slice(i, i + 500).map((id, j) => ({ id, owner_id: 'bench-owner', name: 'cam', cell: cells[Math.floor((i + j) / data.CAMERAS_PER_CELL)]!, consent_version: '1', consent_given_at: NOW, consent_expires_at: new Date(NOW.getTime() + 86_400_000), consent_revoked_at: null })))
      .execute()
  const oldest = NOW.getTime() - SPAN_MS
  await createSightingPartitionsBetween(db, new Date(oldest), new Date(NOW.getTime() + 3600_000))

  // Load in arrival order through binary COPY (the partitioned table routes rows to their windows).
  let t0 = performance.now()
  const prototypes = new Map<number, Float64Array>()
  function* tuples() {
    yield data.COPY_HEADER
    let chunk: Buffer[] = []
    for (let i = 0; i < ROWS; i++) {
      const row = data.benchRow(i, ROWS, cells.length)
      const capturedAt = new Date(oldest + row.at * SPAN_MS)
      chunk.push(
        data.encodeTuple([
          { uuid: cameraIds[row.camera]! }, { text: `b${i}` }, { text: row.species }, { text: cells[row.cellIndex]! }, { time: capturedAt },
          { real: 0.8 }, { text: MODEL }, { halfvec: data.embeddingOf(row, DIMENSION, prototypes) }, { text: `s${i}` }, { time: new Date(capturedAt.getTime() + SPAN_MS) },
        ]),
      )
      if (chunk.length === 2000) {
        yield Buffer.concat(chunk)
        chunk = []
      }
      if (i % 100_000 === 0 && i) log(`loaded ${i} rows`)
    }
    yield Buffer.concat([...chunk, data.COPY_TRAILER])
  }
  const copy = await raw`copy sightings (camera_id, client_id, species, cell, captured_at, score, model_id, embedding, snapshot_ref, expires_at) from stdin (format binary)`.writable()
  await pipeline(Readable.from(tuples()), copy)
  const loadMs = ms(t0)
  await raw.unsafe('vacuum analyze') // as autovacuum would have by now: without camera statistics the planner loops over cameras
  const [size] = await raw<{ bytes: string }[]>`select sum(pg_total_relation_size(inhrelid))::bigint as bytes from pg_inherits where inhparent = 'sightings'::regclass`
  log(`loaded ${ROWS} rows in ${loadMs} ms`)

  // Queries: a search for one animal, from its home cell's centre, over the whole 72 hours.
  const queries = Array.from({ length: QUERIES }, (_, q) => {
    const cellIndex = (q * 7919) % Math.min(cells.length, Math.ceil(cells.length / 2))
    const animal = cellIndex * data.ANIMALS_PER_CELL + ((q * 31) % data.ANIMALS_PER_CELL)
    const [lat, lng] = cellToLatLng(cells[cellIndex]!)
    const embedding = data.queryEmbedding(animal, q, DIMENSION)
    const query: CandidateQuery = {
      species: animal % 2 ? 'cat' : 'dog', modelId: MODEL, cells: cellsWithin({ lat, lng }, RADIUS_M), capturedSince: new Date(oldest), now: NOW,
      embeddings: [JSON.stringify(Array.from(embedding))], maxDistance: 1 - MIN_SIMILARITY, limit: LIMIT,
    }
    return { query, embedding }
  })
  const selection = (q: CandidateQuery) =>
    raw<{ id: string; client_id: string; page: string }[]>`select id, client_id, tableoid::text || ':' || (ctid::text::point)[0] as page from sightings
      where species = ${q.species} and cell = any(${q.cells as string[]}) and captured_at >= ${q.capturedSince} and model_id = ${q.modelId}`

  // Exact float64 truth for the first queries, and what the selection costs in rows.
  t0 = performance.now()
  const truth: { ids: Set<string>; sims: Map<string, number> }[] = []
  const selected: number[] = []
  for (const [i, { query, embedding }] of queries.entries()) {
    const rows = await selection(query)
    selected.push(rows.length)
    if (i >= TRUTH_QUERIES) continue
    const sims = new Map<string, number>()
    for (const r of rows) sims.set(r.id, data.cosine(embedding, data.embeddingOf(data.benchRow(Number(r.client_id.slice(1)), ROWS, cells.length), DIMENSION, prototypes)))
    const above = [...sims].filter(([, s]) => s >= MIN_SIMILARITY).sort((a, b) => b[1] - a[1]).slice(0, LIMIT)
    truth.push({ ids: new Set(above.map(([id]) => id)), sims })
  }
  log(`truth for ${TRUTH_QUERIES} queries in ${ms(t0)} ms`)

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
  async function measure(layout: string) {
    for (const { query } of queries) await findCandidateSightings(db, query) // warm-up
    const latencies: number[] = []
    let recallSum = 0
    let flips = 0
    let maxScoreError = 0
    let returned = 0
    for (const [i, { query }] of queries.entries()) {
      const t = performance.now()
      const found = await findCandidateSightings(db, query)
      latencies.push(performance.now() - t)
      returned += found.length
      const exact = truth[i]
      if (!exact) continue
      const hits = found.filter((f) => exact.ids.has(f.id)).length
      recallSum += exact.ids.size ? hits / exact.ids.size : 1
      flips += found.length - hits
      for (const f of found) maxScoreError = Math.max(maxScoreError, Math.abs(1 - f.distance - exact.sims.get(f.id)!))
    }
    const pages: number[] = []
    for (const { query } of queries.slice(0, 20)) pages.push(new Set((await selection(query)).map((r) => r.page)).size)
    const result = {
      p50_ms: Number(pct(latencies, 0.5).toFixed(1)), p95_ms: Number(pct(latencies, 0.95).toFixed(1)), mean_ms: Number((latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(1)),
      heap_pages_per_query_median: pct(pages, 0.5), matches_per_query_mean: Math.round(returned / queries.length),
      recall_vs_float64_exact: Number((recallSum / truth.length).toFixed(4)), rows_returned_not_in_exact: flips, max_similarity_error: Number(maxScoreError.toExponential(2)),
    }
    log(layout, result)
    return result
  }

  const arrival = await measure('arrival')
  t0 = performance.now()
  const layoutRun = await maintainSightingLayout(db, NOW)
  const reorderMs = ms(t0)
  await raw.unsafe('analyze sightings')
  const windowsOrdered = await measure('windows-ordered')
  const open = (await listSightingPartitions(db)).filter((p) => !p.ordered_at && p.range_start.getTime() < NOW.getTime())
  const openRows = Number((await raw<{ n: string }[]>`select count(*) as n from sightings where captured_at >= ${open[0]?.range_start ?? NOW}`)[0]!.n)
  for (const p of open) await orderSightingPartition(db, p.name)
  await raw.unsafe('analyze sightings')
  const fullyOrdered = await measure('fully-ordered')

  console.log(JSON.stringify({
    rows: ROWS, dimension: DIMENSION, cells: cells.length, span_hours: 72, radius_m: RADIUS_M, queries: QUERIES, truth_queries: TRUTH_QUERIES,
    min_similarity: MIN_SIMILARITY, limit: LIMIT,
    selected_rows_per_query: { median: pct(selected, 0.5), p95: pct(selected, 0.95) }, selectivity: Number((pct(selected, 0.5) / ROWS).toFixed(4)),
    table_bytes: Number(size!.bytes), load_ms: loadMs,
    reorder: { ms: reorderMs, windows: layoutRun.ordered.length, rows: layoutRun.ordered.reduce((a, o) => a + o.rows, 0), slowest_window_ms: Math.max(0, ...layoutRun.ordered.map((o) => o.ms)), rows_left_in_open_windows: openRows },
    strategies: { arrival, 'windows-ordered': windowsOrdered, 'fully-ordered': fullyOrdered },
    default: 'windows-ordered',
    machine: { cpus: os.cpus().length, loadavg_1m_5m_15m: os.loadavg().map((x) => Number(x.toFixed(2))), postgres: (await raw<{ v: string }[]>`select version() as v`)[0]!.v.split(' on ')[0] },
  }, null, 2))
} finally {
  await database.close()
  await raw.end()
  if (!args.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`)
  await admin.end()
}
