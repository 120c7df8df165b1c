import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { errorBody } from '../http/error-handler.ts'
import type { Router } from '../http/router.ts'
import type { OpsMetrics } from './metrics.ts'
import { appliedMigrations, pingDatabase } from './ops.repository.ts'
import { mayReadMetrics, pendingMigrations } from './ops.rules.ts'

const READY_TIMEOUT_MS = 2000

export interface OpsDeps {
  readonly db: Kysely<Database>
  readonly metrics: OpsMetrics
  /** The migration versions this build ships (sql/): ready only once the database has them all. */
  readonly migrations: readonly string[]
  readonly metricsToken?: string | undefined
  /** True once a shutdown has begun: not ready, so a load balancer stops sending requests. */
  readonly draining?: () => boolean
}

function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined // not on a Node socket (app.request in tests): treated as not local
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/** /health: the process is up (liveness). /ready: it can serve (database, migrations). /metrics: Prometheus. */
export function opsRoutes(app: Router, deps: OpsDeps) {
  app.get('/health', (c) => c.json({ ok: true }))

  app.get('/ready', async (c) => {
    const checks: Record<string, string> = {
      database: 'ok',
      migrations: 'ok',
      accepting: deps.draining?.() ? 'draining' : 'ok',
    }
    try {
      const applied = await withTimeout(appliedMigrations(deps.db), READY_TIMEOUT_MS)
      await withTimeout(pingDatabase(deps.db), READY_TIMEOUT_MS)
      const pending = pendingMigrations(deps.migrations, applied)
      if (pending.length) checks.migrations = `${pending.length} pending`
    } catch {
      checks.database = 'unreachable'
      checks.migrations = 'unknown'
    }
    const ready = Object.values(checks).every((v) => v === 'ok')
    return c.json({ ready, checks }, ready ? 200 : 503)
  })

  app.get('/metrics', async (c) => {
    const request = { remoteAddress: remoteAddress(c), headers: (name: string) => c.req.header(name) }
    if (!(await mayReadMetrics(request, deps.metricsToken)))
      return c.json(
        errorBody('FORBIDDEN', 'Metrics are served to this machine only, or with METRICS_TOKEN as a bearer token'),
        403,
      )
    return c.body(await deps.metrics.render(), 200, {
      'content-type': deps.metrics.contentType,
      'cache-control': 'no-store',
    })
  })
}
