// Issue #21: handlers and the middleware that reads the database use the request's deps (c.var.deps), so the
// Worker can give each request its own database client while the app is built once.
import type { KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { ServiceDeps } from '../../src/app.ts'
import { useTestApp } from '../support/app.ts'
import { registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

/** Counts the queries that go through the Kysely it is plugged into. */
function queryCounter() {
  const counter = { queries: 0, plugin: undefined as unknown as KyselyPlugin }
  counter.plugin = {
    transformQuery: (args) => (counter.queries++, args.node),
    transformResult: async (args) => args.result,
  }
  return counter
}

describe.each(testDatabases())('per-request deps on $name', (testDb) => {
  const counter = queryCounter()
  const resolved: ServiceDeps[] = []
  const t = useTestApp(testDb, {
    requestDeps: (base) => {
      const deps = { ...base, db: base.db.withPlugin(counter.plugin) }
      resolved.push(deps)
      return deps
    },
  })

  it('resolves deps once per request, and routes query through the request’s database', async () => {
    const owner = await t.signUp('Camera owner')
    const before = { requests: resolved.length, queries: counter.queries }
    await registerCamera(t, owner)
    expect(resolved.length).toBe(before.requests + 1)
    expect(counter.queries).toBeGreaterThan(before.queries)

    const feed = { requests: resolved.length, queries: counter.queries }
    const res = await t.request('/api/feed?lat=51.5&lng=-0.12&radiusKm=2')
    expect(res.status).toBe(200)
    expect(resolved.length).toBe(feed.requests + 1)
    expect(counter.queries).toBeGreaterThan(feed.queries)
  })

  it('gives each request its own deps object', async () => {
    const from = resolved.length
    await Promise.all([t.request('/api/consent/camera'), t.request('/api/consent/camera')])
    const [first, second] = resolved.slice(from)
    expect(first).toBeDefined()
    expect(second).not.toBe(first)
  })
})
