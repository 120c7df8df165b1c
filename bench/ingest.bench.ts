// npm run bench:ingest [-- --batches N --concurrency C]: sighting ingest through the HTTP API, batches of
// 100 embeddings of the default model's dimension, on PGlite (file-backed) and on PostgreSQL.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { CAMERA_CONSENT_VERSION } from '../src/cameras/consent.ts'
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'

const { values: args } = parseArgs({
  options: {
    batches: { type: 'string', default: '120' },
    concurrency: { type: 'string', default: '2' },
    size: { type: 'string', default: '100' },
  },
})
const BATCHES = Number(args.batches)
const CONCURRENCY = Number(args.concurrency)
const BATCH_SIZE = Number(args.size)
const PUBLIC_URL = 'http://bench.localhost'
const DIMENSION = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!.dimension

function randomUnitVector(): number[] {
  const v = Array.from({ length: DIMENSION }, () => Math.random() - 0.5)
  const n = Math.hypot(...v)
  return v.map((x) => Number((x / n).toFixed(6)))
}

function makeBatch(index: number) {
  const now = Date.now()
  return JSON.stringify({
    sightings: Array.from({ length: BATCH_SIZE }, (_, i) => ({
      clientId: `bench-${index}-${i}`,
      capturedAt: new Date(now - i * 1000).toISOString(),
      species: i % 3 ? 'dog' : 'cat',
      score: 0.8,
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      embedding: randomUnitVector(),
      snapshotRef: `snap-${index}-${i}`,
    })),
  })
}

async function pairedToken(base: string): Promise<string> {
  const post = (p: string, body: unknown, cookie?: string) =>
    fetch(base + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...(cookie && { cookie }) },
      body: JSON.stringify(body),
    })
  const account = { email: `bench-${randomBytes(4).toString('hex')}@example.com`, password: 'bench password 123' }
  await post('/api/auth/sign-up/email', { ...account, name: 'Bench' })
  const signIn = await post('/api/auth/sign-in/email', account) // sign-up gives no session
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const camera = await (
    await post(
      '/api/cameras',
      {
        name: 'Bench',
        location: { lat: 51.5, lng: -0.12 },
        consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
      },
      cookie,
    )
  ).json()
  const { code } = await (await post(`/api/cameras/${camera.id}/pairing-code`, {}, cookie)).json()
  const { token } = await (await post('/api/devices/pair', { code })).json()
  return token
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

/** The server runs as its own process, as `npm start` runs it, so the load generator does not share its core. */
async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { child, base }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start within 60 s')
}

async function measure(env: Record<string, string>) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-bench-'))
  const { child, base } = await startServerProcess({ ...env, PUBLIC_URL, DATA_DIR: dataDir })
  try {
    const token = await pairedToken(base)
    const bodies = Array.from({ length: BATCHES }, (_, i) => makeBatch(i))
    const send = async (body: string) => {
      const res = await fetch(`${base}/api/sightings/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      })
      if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    }
    await send(makeBatch(-1)) // warm-up, not timed
    const latencies: number[] = []
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!
          const t0 = performance.now()
          await send(body)
          latencies.push(performance.now() - t0)
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    return {
      embeddings_per_s: Math.round((BATCHES * BATCH_SIZE) / seconds),
      batches: BATCHES,
      batch_p50_ms: Math.round(latencies[Math.floor(latencies.length * 0.5)]!),
      batch_p95_ms: Math.round(latencies[Math.floor(latencies.length * 0.95)]!),
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    await fs.rm(dataDir, { recursive: true, force: true })
  }
}

async function withScratchPostgres<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `homeward_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  try {
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    return await run(url.toString())
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

const postgresServer = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const pglite = await measure({})
const pg = await withScratchPostgres(postgresServer, (url) => measure({ DATABASE_URL: url }))
console.log(
  JSON.stringify(
    {
      dimension: DIMENSION,
      batch_size: BATCH_SIZE,
      concurrency: CONCURRENCY,
      postgres: pg,
      pglite,
      goal: { postgres: 2000, pglite: 500 },
    },
    null,
    2,
  ),
)
