// `npm run test:edge`: the API tests through HTTP against `wrangler dev --env test` (workerd, Hyperdrive's local
// connection to PostgreSQL, miniflare's R2). The Node side a production deploy has beside the Worker runs in
// each test file's process (test/support/app.ts): the photo-check service, on the port reserved here, with
// that file's photo analyzer (the real models or the fixed-embedding fake), and the workers the file asks for.
import { spawn, type ChildProcess } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { prepareEdgeDatabase } from '../../scripts/edge-db.ts'

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
import { PHOTO_CHECK_TOKEN } from './photo-check-server.ts'
const START_TIMEOUT_MS = 180_000
const DEV_VARS_FILE = '.dev.vars.test'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output()}`)
    const status = await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    )
    if (status === 200) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`wrangler dev did not answer /health within ${START_TIMEOUT_MS / 1000} s:\n${output()}`)
}

export default async function setup() {
  const databaseUrl = new URL(SERVER_URL)
  databaseUrl.pathname = '/homeward_edge_test'
  // miniflare insists on a password in Hyperdrive's local connection string; a trust-auth server ignores it.
  if (!databaseUrl.password) databaseUrl.password = 'postgres'
  await prepareEdgeDatabase(databaseUrl.toString(), { fresh: true })

  const photoCheckPort = await freePort()

  const port = await freePort()
  const vars = {
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    VAPID_PUBLIC_KEY: 'BEdgeTestVapidPublicKeyNotUsedToSendAnything',
    PHOTO_CHECK_URL: `http://127.0.0.1:${photoCheckPort}`,
    PHOTO_CHECK_TOKEN,
  }
  // wrangler reads an environment's secrets from .dev.vars.<env>, before a developer's own .dev.vars.
  await writeFile(
    DEV_VARS_FILE,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  )
  const started = performance.now()
  const child = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--env',
      'test',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--show-interactive-dev-session=false',
    ],
    {
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: databaseUrl.toString(),
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)))
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)))
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    void rm(DEV_VARS_FILE, { force: true })
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  try {
    await waitForHealth(url, child, () => output)
  } catch (error) {
    stop()
    throw error
  }
  console.info(`wrangler dev: first 200 on /health ${Math.round(performance.now() - started)} ms after start (${url})`)
  process.env.EDGE_URL = url
  process.env.EDGE_DATABASE_URL = databaseUrl.toString()
  process.env.EDGE_PHOTO_CHECK_PORT = String(photoCheckPort)
  return () => {
    if (process.env.EDGE_DEBUG) console.info(output)
    stop()
  }
}
