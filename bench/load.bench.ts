// npm run bench:load [-- --seconds 60 --rate 200 --devices 100 --batch 10 --matching-devices 5
//                       --cluster 15/bench --port 5433 --fault-seconds 15 --no-faults]
// The server (src/main.ts, API and workers) in its own process on the bench's own PostgreSQL cluster
// (created with trust auth on 127.0.0.1 if missing; it is restarted as a fault, so never 15/main).
// Simulated camera agents (bench/load-agents.ts) capture `rate` batches of `batch` sightings a second in
// total, spread over `devices` device tokens, and send them with one request in flight each, keeping
// every batch until it is acknowledged; a pet owner's feed and trail reads run alongside. After
// `seconds` of steady load, each fault in turn, under load: SIGKILL the server and start it again;
// restart PostgreSQL; take 30% of the agents offline for `fault-seconds` and let their queues drain.
// A fault window runs from the fault until every agent's queue is back to at most one batch.
// Afterwards every sighting an agent generated is looked up: lost (not stored), duplicated (stored twice).
// The `matching-devices` cameras at the search's place send the searched-for cat: each must raise exactly
// one alert, with one notification per channel, delivered.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { latLngToCell } from 'h3-js'
import { sql } from 'kysely'
import postgres from 'postgres'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { hashSecret, newDeviceToken } from '../src/cameras/camera.rules.ts'
import { openDatabase } from '../src/db/connect.ts'
import { COARSE_CELL_RESOLUTION } from '../src/geo/cells.ts'
import {
  ensureCluster,
  freePort,
  killHard,
  restartCluster,
  startServerProcess,
  stopGracefully,
  type Cluster,
} from './load-cluster.ts'
import { capture, runSender, type AgentOptions, type Device, type Sample } from './load-agents.ts'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '200' },
    devices: { type: 'string', default: '100' },
    batch: { type: 'string', default: '10' },
    'matching-devices': { type: 'string', default: '5' },
    cluster: { type: 'string', default: '15/bench' },
    port: { type: 'string', default: '5433' },
    'fault-seconds': { type: 'string', default: '15' },
    'no-faults': { type: 'boolean', default: false },
    'db-name': { type: 'string', default: 'homeward_bench_load' },
  },
})
const SECONDS = Number(args.seconds)
const RATE = Number(args.rate)
const DEVICES = Number(args.devices)
const BATCH = Number(args.batch)
const MATCHING = Number(args['matching-devices'])
const FAULT_SECONDS = Number(args['fault-seconds'])
const [version, name] = args.cluster.split('/') as [string, string]
const cluster: Cluster = { version, name, port: Number(args.port) }
if (!/^[a-z_][a-z0-9_]*$/.test(args['db-name'])) throw new Error('--db-name: lower-case letters, digits and _')
const MODEL = DEFAULT_EMBEDDING_MODEL_ID
const DIMENSION = findEmbeddingModel(MODEL)!.dimension
const CENTER = { lat: 51.4613, lng: -0.1156 }
const AUTH_SECRET = 'bench-load-secret-bench-load-secret-0123'
const log = (...m: unknown[]) => console.error(`[bench:load ${new Date().toISOString().slice(11, 19)}]`, ...m)
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! : NaN
const round = (x: number) => Number(x.toFixed(1))
function countBy<T>(xs: readonly T[], key: (x: T) => string) {
  const counts = new Map<string, number>()
  for (const x of xs) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1)
  return counts
}
const t0 = performance.now()
const now = () => (performance.now() - t0) / 1000

ensureCluster(cluster)
const serverUrl = `postgres://postgres@127.0.0.1:${cluster.port}/postgres`
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
await admin.unsafe(`drop database if exists ${args['db-name']} with (force)`)
await admin.unsafe(`create database ${args['db-name']}`)
await admin.end()
const dbUrl = `postgres://postgres@127.0.0.1:${cluster.port}/${args['db-name']}`
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-bench-load-'))
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const serverEnv = {
  DATABASE_URL: dbUrl,
  PORT: String(port),
  DATA_DIR: dataDir,
  AUTH_SECRET,
  PUBLIC_URL: base,
  SHUTDOWN_GRACE_MS: '5000',
}
const serverLog: string[] = []
const startServer = () => startServerProcess(serverEnv, `${base}/health`, (line) => serverLog.push(line))
let server = await startServer()
log(`server listening on ${base}, database ${dbUrl}`)
const database = await openDatabase({ kind: 'postgres', url: dbUrl, maxConnections: 2 })
const { db } = database

try {
  // --- a pet owner with a lost-cat search, through the API; cameras and tokens straight into the tables
  const post = (p: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(base + p, { method: 'POST', headers: { origin: base, ...headers }, body })
  const signUp = await post(
    '/api/auth/sign-up/email',
    JSON.stringify({ email: 'owner@bench.invalid', password: 'bench password 1234', name: 'Owner' }),
    { 'content-type': 'application/json' },
  )
  if (signUp.status !== 200) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`)
  const signIn = await post(
    '/api/auth/sign-in/email',
    JSON.stringify({ email: 'owner@bench.invalid', password: 'bench password 1234' }),
    { 'content-type': 'application/json' },
  ) // sign-up gives no session
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const form = new FormData()
  for (const [k, v] of Object.entries({
    species: 'cat',
    name: 'Chelsea',
    lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
    lastSeenLat: String(CENTER.lat),
    lastSeenLng: String(CENTER.lng),
  }))
    form.append(k, v)
  form.append(
    'photos',
    new File(
      [new Uint8Array(await fs.readFile(path.resolve(import.meta.dirname, '../test/fixtures/chelsea-cat.jpg')))],
      'cat.jpg',
      { type: 'image/jpeg' },
    ),
  )
  const opened = await post('/api/searches', form, { cookie })
  if (opened.status !== 201) throw new Error(`open search: ${opened.status} ${await opened.text()}`)
  const searchId = ((await opened.json()) as { id: string }).id
  const photo = await db
    .selectFrom('search_photos')
    .select(sql<string>`embedding::text`.as('embedding'))
    .where('search_id', '=', searchId)
    .executeTakeFirstOrThrow()
  const petEmbedding = JSON.parse(photo.embedding) as number[]

  const devices: Device[] = []
  for (let i = 0; i < DEVICES; i++) {
    const ownerId = `bench-camera-owner-${i}`
    await db
      .insertInto('users')
      .values({ id: ownerId, name: `Camera owner ${i}`, email: `camera${i}@bench.invalid`, image: null })
      .execute()
    const point =
      i < MATCHING
        ? CENTER
        : { lat: CENTER.lat + (Math.random() - 0.5) * 0.08, lng: CENTER.lng + (Math.random() - 0.5) * 0.12 }
    const nowDate = new Date()
    const camera = await db
      .insertInto('cameras')
      .values({
        owner_id: ownerId,
        name: `cam ${i}`,
        cell: latLngToCell(point.lat, point.lng, COARSE_CELL_RESOLUTION),
        consent_version: '1',
        consent_given_at: nowDate,
        consent_expires_at: new Date(nowDate.getTime() + 365 * 86_400_000),
        consent_revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const token = newDeviceToken()
    await db
      .insertInto('device_tokens')
      .values({ camera_id: camera.id, token_hash: await hashSecret(token) })
      .execute()
    devices.push({
      index: i,
      cameraId: camera.id,
      token,
      matching: i < MATCHING,
      queue: [],
      generated: [],
      offline: false,
    })
  }
  log(`${DEVICES} cameras paired (${MATCHING} at the search's place), search ${searchId}`)

  const noisy = (v: readonly number[], noise: number) => {
    const out = v.map((x) => x + (Math.random() - 0.5) * noise)
    const n = Math.hypot(...out)
    return out.map((x) => Number((x / n).toFixed(5)))
  }
  // Embeddings come from pools made up front (JSON text): the bench must not compete with the server for CPU.
  const randomPool = Array.from({ length: 400 }, () => JSON.stringify(noisy(new Array(DIMENSION).fill(0), 1)))
  const petPool = Array.from({ length: 50 }, () => JSON.stringify(noisy(petEmbedding, 0.02)))
  const pick = (pool: string[]) => pool[Math.floor(Math.random() * pool.length)]!
  const samples: Sample[] = []
  const agentOptions: AgentOptions = {
    baseUrl: () => base,
    batchSize: BATCH,
    samples,
    now,
    makeSighting: (device, clientId, capturedAt) => {
      const species = device.matching || Math.random() < 0.2 ? 'cat' : 'dog'
      return `{"clientId":"${clientId}","capturedAt":"${capturedAt}","score":0.8,"modelId":"${MODEL}","snapshotRef":"snap-${clientId}","species":"${species}","embedding":${pick(device.matching ? petPool : randomPool)}}`
    },
  }

  // --- load: captures at RATE batches/s round the devices; one sender per device; readers alongside
  let capturing = true
  let seq = 0
  let captureStarted = 0
  const capturer = (async () => {
    const interval = 1000 / RATE
    captureStarted = performance.now()
    let due = captureStarted
    while (capturing) {
      capture(devices[seq % DEVICES]!, agentOptions, seq)
      seq++
      due += interval
      const wait = due - performance.now()
      if (wait > 1) await sleep(wait)
      else await new Promise((r) => setImmediate(r)) // never starve the senders
      if (wait < -1000) due = performance.now() // fell a second behind: carry on at the rate, no burst
    }
  })()
  const senders = devices.map((d) => runSender(d, agentOptions, () => !capturing))
  const reads: Sample[] = []
  let reading = true
  const reader = (async () => {
    for (let i = 0; reading; i++) {
      const p = i % 2 ? `/api/searches/${searchId}/trail` : `/api/feed?lat=${CENTER.lat}&lng=${CENTER.lng}&radiusKm=5`
      const t = performance.now()
      let status: number
      try {
        const res = await fetch(base + p, { headers: { cookie }, signal: AbortSignal.timeout(10_000) })
        status = res.status
        await res.arrayBuffer()
      } catch {
        status = 0
      }
      reads.push({ at: now(), ms: performance.now() - t, status })
      await sleep(100)
    }
  })()

  interface Fault {
    kind: string
    started_s: number
    ended_s: number
    recovered_ms: number
    max_queued_batches: number
  }
  const faults: Fault[] = []
  const queued = () => devices.reduce((n, d) => n + d.queue.length, 0)
  /** Runs a fault, then waits until every agent is back to at most one batch queued (or 60 s). */
  async function fault(kind: string, act: () => Promise<void>) {
    const started = now()
    let maxQueued = 0
    const watch = setInterval(() => (maxQueued = Math.max(maxQueued, queued())), 100)
    log(`fault: ${kind}`)
    await act()
    const deadline = now() + 60
    while (devices.some((d) => d.queue.length > 1) && now() < deadline) await sleep(100)
    clearInterval(watch)
    const ended = now()
    faults.push({
      kind,
      started_s: round(started),
      ended_s: round(ended),
      recovered_ms: Math.round((ended - started) * 1000),
      max_queued_batches: maxQueued,
    })
    log(`recovered from ${kind} in ${Math.round((ended - started) * 1000)} ms (at most ${maxQueued} batches queued)`)
  }
  const ready = async () => {
    for (;;) {
      const ok = await fetch(`${base}/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) return
      await sleep(100)
    }
  }

  let lastCount = 0
  const progress = setInterval(() => {
    const recent = samples.slice(lastCount)
    lastCount = samples.length
    const by = countBy(recent, (x) =>
      x.status >= 200 && x.status < 300 ? '2xx' : x.status === 0 ? 'network' : String(x.status),
    )
    log(
      `last 5 s: ${JSON.stringify(Object.fromEntries(by))}, p99 ${round(
        pct(
          recent.map((x) => x.ms),
          0.99,
        ),
      )} ms, ${queued()} batches queued`,
    )
  }, 5000)
  log(`steady load: ${RATE} batches/s of ${BATCH} over ${DEVICES} devices for ${SECONDS} s`)
  await sleep(SECONDS * 1000)
  if (!args['no-faults']) {
    await fault('kill -9 the server process, start it again', async () => {
      await killHard(server)
      server = await startServer()
      await ready()
    })
    await sleep(10_000)
    await fault(`restart PostgreSQL (pg_ctlcluster ${cluster.version} ${cluster.name} restart)`, async () => {
      restartCluster(cluster)
      await ready()
    })
    await sleep(10_000)
    await fault(`30% of the agents offline for ${FAULT_SECONDS} s`, async () => {
      const offline = devices.filter((d) => d.index % 10 < 3)
      for (const d of offline) d.offline = true
      await sleep(FAULT_SECONDS * 1000)
      for (const d of offline) d.offline = false
    })
    await sleep(10_000)
  }
  capturing = false
  await capturer
  clearInterval(progress)
  const loadEnded = now()
  const capturedPerSecond = seq / ((performance.now() - captureStarted) / 1000)
  log("capture stopped; draining the agents' queues")
  await Promise.race([Promise.all(senders), sleep(120_000)])
  reading = false
  await reader

  // --- what the database holds against what the agents generated
  const waitFor = async (what: string, check: () => Promise<boolean>, seconds = 180) => {
    const end = now() + seconds
    while (!(await check())) {
      if (now() > end) return log(`gave up waiting for ${what}`)
      await sleep(500)
    }
  }
  await waitFor(
    'the match queue to empty',
    async () =>
      Number(
        (
          await sql<{
            n: string
          }>`select count(*) as n from pgboss.job where name like 'match-%' and state in ('created', 'retry', 'active')`.execute(
            db,
          )
        ).rows[0]!.n,
      ) === 0,
  )
  await waitFor(
    'the outbox to drain',
    async () =>
      Number(
        (
          await db
            .selectFrom('notification_outbox')
            .select(sql<string>`count(*)`.as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      ) === 0,
    120,
  )
  const stored = await db
    .selectFrom('sightings')
    .select(['camera_id', 'client_id', sql<string>`count(*)`.as('n')])
    .groupBy(['camera_id', 'client_id'])
    .execute()
  const storedBy = new Map(stored.map((r) => [`${r.camera_id}/${r.client_id}`, Number(r.n)]))
  // Still in an agent's queue when the bench gave up draining: held by the agent, not lost (counted apart).
  const stillQueued = new Set(
    devices.flatMap((d) =>
      d.queue.flat().map((json) => `${d.cameraId}/${(JSON.parse(json) as { clientId: string }).clientId}`),
    ),
  )
  let lost = 0
  let generated = 0
  for (const d of devices)
    for (const id of d.generated) {
      generated++
      if (!storedBy.has(`${d.cameraId}/${id}`) && !stillQueued.has(`${d.cameraId}/${id}`)) lost++
    }
  const duplicated = stored.reduce((n, r) => n + Number(r.n) - 1, 0)
  const unknown = stored.length - (generated - lost - stillQueued.size)
  const alerts = await db.selectFrom('alerts').select(['camera_id', 'id']).where('search_id', '=', searchId).execute()
  const outbox = await db.selectFrom('notification_outbox').select(['channel', 'status', 'user_id']).execute()
  const matchingCameras = new Set(devices.filter((d) => d.matching).map((d) => d.cameraId))
  const alertCounts = countBy(alerts, (a) => a.camera_id)

  const inWindow = (s: Sample) => faults.some((f) => s.at >= f.started_s && s.at - s.ms / 1000 <= f.ended_s)
  const outside = samples.filter((s) => !inWindow(s))
  const inside = samples.filter(inWindow)
  const ok = (s: Sample) => s.status >= 200 && s.status < 300
  const steadySeconds = loadEnded - faults.reduce((n, f) => n + (f.ended_s - f.started_s), 0) - (samples[0]?.at ?? 0)
  const result = {
    ingest_rps: round(outside.filter(ok).length / steadySeconds),
    ingest_errors: samples.filter((s) => !ok(s)).length,
    ingest_p50_ms: round(
      pct(
        outside.filter(ok).map((s) => s.ms),
        0.5,
      ),
    ),
    ingest_p95_ms: round(
      pct(
        outside.filter(ok).map((s) => s.ms),
        0.95,
      ),
    ),
    ingest_p99_ms: round(
      pct(
        outside.filter(ok).map((s) => s.ms),
        0.99,
      ),
    ),
    lost,
    duplicated,
    faults: faults.map((f) => {
      const during = inside.filter((s) => s.at >= f.started_s && s.at - s.ms / 1000 <= f.ended_s)
      return {
        ...f,
        requests: during.length,
        network_errors: during.filter((s) => s.status === 0).length,
        status_5xx: during.filter((s) => s.status >= 500).length,
        status_429: during.filter((s) => s.status === 429).length,
      }
    }),
    outside_fault_windows: {
      requests: outside.length,
      status_5xx: outside.filter((s) => s.status >= 500).length,
      network_errors: outside.filter((s) => s.status === 0).length,
      status_4xx: outside.filter((s) => s.status >= 400 && s.status < 500).length,
      seconds: round(steadySeconds),
    },
    sightings: { generated, stored: stored.length, unknown_stored: unknown, left_in_agent_queues: stillQueued.size },
    alerts: {
      matching_cameras: matchingCameras.size,
      cameras_alerted: [...alertCounts.keys()].filter((c) => matchingCameras.has(c)).length,
      alerts_for_other_cameras: alerts.filter((a) => !matchingCameras.has(a.camera_id)).length,
      duplicate_alerts: [...alertCounts.values()].reduce((n, c) => n + c - 1, 0),
      notifications: outbox.length,
      notifications_undelivered: outbox.filter((o) => o.status !== 'sent').length,
      // Each matching camera has its own owner, so one alert each means one notification per owner and channel.
      notifications_per_owner_and_channel_max: Math.max(
        0,
        ...countBy(outbox, (o) => `${o.user_id}:${o.channel}`).values(),
      ),
    },
    reads: {
      requests: reads.length,
      p50_ms: round(
        pct(
          reads.filter(ok).map((s) => s.ms),
          0.5,
        ),
      ),
      p95_ms: round(
        pct(
          reads.filter(ok).map((s) => s.ms),
          0.95,
        ),
      ),
      errors_outside_fault_windows: reads.filter((s) => !ok(s) && !inWindow(s)).length,
    },
    settings: {
      target_batches_per_s: RATE,
      captured_batches_per_s: round(capturedPerSecond),
      batch: BATCH,
      devices: DEVICES,
      seconds: SECONDS,
      cluster: `${cluster.version}/${cluster.name}:${cluster.port}`,
    },
    machine: { cpus: os.cpus().length, loadavg_1m_5m_15m: os.loadavg().map((x) => Number(x.toFixed(2))) },
    server_log_lines: serverLog.length,
  }
  console.log(JSON.stringify(result, null, 2))
  if (serverLog.length) log('server log (first lines):\n' + serverLog.slice(0, 20).join('\n'))
} finally {
  await stopGracefully(server).catch(() => {})
  await database.close()
  await fs.rm(dataDir, { recursive: true, force: true })
}
