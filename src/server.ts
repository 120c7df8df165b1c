import { serve, type ServerType } from '@hono/node-server'
import type { Kysely } from 'kysely'
import { buildApp } from './app.ts'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import { readMigrations } from './db/migrate.ts'
import { errorBody } from './http/error-handler.ts'
import { createRouter } from './http/router.ts'
import type { Logger } from './logger.ts'
import { OpsMetrics } from './ops/metrics.ts'
import { opsRoutes, type OpsDeps } from './ops/ops.routes.ts'
import { createNodeRuntime } from './runtime/node-runtime.ts'
import { photoCheckRoutes } from './photos/photo-check.routes.ts'
import { ShareRequestSignal } from './alerts/share-request.signal.ts'

export interface RunningServer {
  readonly port: number
  stop(): Promise<void>
}

/** Opens the database, applies migrations, and serves the API and/or runs the workers (config.role) until stop() drains it. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const { role } = config
  const runsApi = role !== 'worker'
  const runsWorkers = role !== 'api'
  const runtime = await createNodeRuntime(config, { logger })
  const { database, codeCache } = runtime
  const migrations = (await readMigrations()).map((m) => m.version)
  const metrics = new OpsMetrics({ db: database.db, codeCache, role })
  if (runsWorkers)
    await runtime.startWorkers(['retention', 'audit', 'photo-masks', 'layout', 'notifications', 'match'], { metrics })
  let draining = false
  const ops = { metrics, migrations, metricsToken: config.metricsToken, draining: () => draining }
  // The API on Workers has no sharp nor onnxruntime: a worker process checks its photos (docs/edge.md).
  const photoCheck =
    !runsApi && config.photoCheckToken
      ? photoCheckRoutes({ ...(await runtime.photoIntake()), token: config.photoCheckToken })
      : undefined
  const shareRequests = new ShareRequestSignal()
  const app = runsApi
    ? buildApp({ ...(await runtime.appDeps({ web: true })), ops, shareRequests })
    : buildOpsApp(database.db, ops, photoCheck)

  // While draining, each response closes its connection, so keep-alive sockets do not hold up the exit.
  const fetch = async (request: Request, env: unknown) => {
    const response = await app.fetch(request, env)
    if (draining) response.headers.set('connection', 'close')
    return response
  }
  const server = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch, port: config.port, hostname: config.host }, (info) =>
      resolve({ server: s, port: info.port }),
    )
  })
  logger.info({ url: `http://${config.host}:${server.port}`, database: database.kind, role }, 'Homeward is listening')

  return {
    port: server.port,
    async stop() {
      // Stop accepting, let in-flight requests finish, and only cut connections after the grace period.
      draining = true
      shareRequests.endAll() // agents' held long-polls answer now instead of holding up the exit
      const t0 = performance.now()
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()))
      if ('closeIdleConnections' in server.server) server.server.closeIdleConnections()
      const force = setTimeout(() => {
        if ('closeAllConnections' in server.server) server.server.closeAllConnections()
      }, config.shutdownGraceMs)
      await closed
      clearTimeout(force)
      logger.debug({ ms: Math.round(performance.now() - t0) }, 'http server closed')
      await runtime.stop(config.shutdownGraceMs)
    },
  }
}

/** A worker process answers only its probes and metrics. */
function buildOpsApp(db: Kysely<Database>, ops: Omit<OpsDeps, 'db'>, photoCheck?: ReturnType<typeof photoCheckRoutes>) {
  const app = createRouter()
  opsRoutes(app, { db, ...ops })
  if (photoCheck) app.route('/', photoCheck)
  app.notFound((c) => c.json(errorBody('NOT_FOUND', 'A worker process serves /health, /ready and /metrics only'), 404))
  return app
}
