import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { readMigrations } from '../../src/db/migrate.ts'
import { createRouter } from '../../src/http/router.ts'
import { createLogger } from '../../src/logger.ts'
import { OpsMetrics } from '../../src/ops/metrics.ts'
import { opsRoutes } from '../../src/ops/ops.routes.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { startTestApp, type TestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

/** name{labels} value lines of a Prometheus text exposition. */
function samples(text: string, name: string) {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const labels = Object.fromEntries(
        [...(/\{(.*)\}/.exec(line)?.[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      )
      return { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) }
    })
}

describe.each(testDatabases())('operations endpoints ($name)', (target) => {
  let server: RunningServer
  let dataDir: string
  let dispose: (() => Promise<void>) | undefined
  let base: string
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-ops-'))
    const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
    if (target.name === 'postgres') {
      const database = await target.open()
      await database.close()
      dispose = database.dispose
      env.DATABASE_URL = database.url!
    }
    server = await startServer(loadConfig(env), createLogger('silent'))
    base = `http://127.0.0.1:${server.port}`
  })
  afterAll(async () => {
    await server?.stop()
    await dispose?.()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('answers /health and /ready with the database reachable and every migration applied', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true })
    const ready = await fetch(`${base}/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', accepting: 'ok' } })
  })

  it('serves Prometheus metrics to this machine, by route template, with no ids or places in them', async () => {
    const lostPet = crypto.randomUUID()
    expect((await fetch(`${base}/api/lost-pets/${lostPet}`)).status).toBe(404)
    expect((await fetch(`${base}/api/feed?lat=51.4613&lng=-0.1156&radiusKm=2`)).status).toBe(200)
    expect((await fetch(`${base}/no/such/${lostPet}`)).status).toBe(404)

    const res = await fetch(`${base}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    const requests = samples(text, 'homeward_http_requests_total')
    expect(requests).toEqual(
      expect.arrayContaining([
        { labels: { method: 'GET', route: '/api/lost-pets/:id', status: '404', role: 'all' }, value: 1 },
        { labels: { method: 'GET', route: '/api/feed', status: '200', role: 'all' }, value: 1 },
        { labels: { method: 'GET', route: 'unmatched', status: '404', role: 'all' }, value: 1 },
      ]),
    )
    expect(
      samples(text, 'homeward_http_request_duration_seconds_count').find((s) => s.labels.route === '/api/feed')?.value,
    ).toBe(1)
    expect(text).not.toContain(lostPet)
    expect(text).not.toContain('51.46')
    expect(samples(text, 'homeward_database_up')[0]!.value).toBe(1)
    expect(samples(text, 'homeward_outbox_pending')[0]!.value).toBe(0)
    // The retention and layout jobs are scheduled at start; their queues are read from pg-boss.
    expect(text).toContain('# TYPE homeward_job_queue_jobs gauge')
    expect(samples(text, 'homeward_code_cache_sightings')[0]!.value).toBe(0)
    expect(samples(text, 'homeward_code_cache_refresh_lag_seconds')[0]!.value).toBeGreaterThanOrEqual(0)
    expect(text).toContain('# TYPE homeward_match_duration_seconds histogram')
    expect(text).toContain('homeward_process_resident_memory_bytes')

    // A reverse proxy on this host makes every request local: one that says it forwarded is refused.
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403)
  })
})

describe.each(testDatabases())('metrics token and readiness ($name)', (target) => {
  let t: TestApp
  let shipped: string[]
  beforeAll(async () => {
    t = await startTestApp(target)
    shipped = (await readMigrations()).map((m) => m.version)
  })
  afterAll(() => t?.dispose())

  /** The ops routes alone, with these settings, on the test's database. */
  const appWith = (
    ops: { metricsToken?: string; migrations?: string[]; draining?: () => boolean },
    db = t.database.db,
  ) => {
    const app = createRouter()
    opsRoutes(app, { db, migrations: [], metrics: new OpsMetrics({ db, role: 'api' }), ...ops })
    return app
  }

  it('with METRICS_TOKEN set, serves metrics to that bearer token only', async () => {
    const app = appWith({ metricsToken: 'a-long-enough-metrics-token' })
    expect((await app.request('/metrics')).status).toBe(403)
    expect(
      (await app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(403)
    const ok = await app.request('/metrics', { headers: { authorization: 'Bearer a-long-enough-metrics-token' } })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('homeward_database_up{role="api"} 1')
    // Without a token and without a local socket (no Node connection here), nobody may read them.
    expect((await appWith({}).request('/metrics')).status).toBe(403)
  })

  it('is not ready while a shipped migration is missing from the database, or while draining', async () => {
    const pending = await appWith({ migrations: [...shipped, '9999_from_a_newer_release'] }).request('/ready')
    expect(pending.status).toBe(503)
    expect(await pending.json()).toEqual({
      ready: false,
      checks: { database: 'ok', migrations: '1 pending', accepting: 'ok' },
    })
    expect((await appWith({ migrations: shipped }).request('/ready')).status).toBe(200)
    const draining = await appWith({ migrations: shipped, draining: () => true }).request('/ready')
    expect(draining.status).toBe(503)
    expect((await draining.json()).checks.accepting).toBe('draining')
  })

  it('reports the database as down, not ready, when it does not answer', async () => {
    const closed = await startTestApp(target)
    await closed.database.close()
    const app = appWith({ metricsToken: 'a-long-enough-metrics-token' }, closed.database.db)
    const ready = await app.request('/ready')
    expect(ready.status).toBe(503)
    expect((await ready.json()).checks.database).toBe('unreachable')
    const metrics = await (
      await app.request('/metrics', { headers: { authorization: 'Bearer a-long-enough-metrics-token' } })
    ).text()
    expect(metrics).toContain('homeward_database_up{role="api"} 0')
    await closed.dispose().catch(() => {})
  })
})
