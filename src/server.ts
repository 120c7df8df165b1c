import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { createPointSealer, sealClearLastSeenPoints } from './searches/last-seen-seal.ts'
import { createAuth } from './accounts/auth.ts'
import { loadOrCreateAuthSecret } from './accounts/auth-secret.ts'
import { vapidSubject } from './push/push.rules.ts'
import { loadOrCreateVapidKeys } from './push/vapid-keys.ts'
import { buildApp } from './app.ts'
import type { Config } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { migrate, readMigrations } from './db/migrate.ts'
import type { Database } from './db/database.ts'
import { errorBody } from './http/error-handler.ts'
import { createRouter } from './http/router.ts'
import { OpsMetrics } from './ops/metrics.ts'
import { opsRoutes, type OpsDeps } from './ops/ops.routes.ts'
import type { Kysely } from 'kysely'
import type { Logger } from './logger.ts'
import { petPhotoAnalyzer } from './photos/pet-photo.ts'
import { createFileStorage } from './storage/blob-storage.ts'
import { createVisionPipeline } from './vision/index.ts'
import { loadWebAssets } from './web/assets.ts'
import { startMatchWorkers } from '../workers/match-worker.ts'
import { startNotificationWorker } from '../workers/notification-worker.ts'
import { createChannels } from './notifications/notification.channels.ts'
import { createNotifier, type Notifier } from './notifications/notification.queue.ts'
import { startRetentionWorker } from '../workers/retention-sweeper.ts'
import { startSightingLayoutWorker } from '../workers/sighting-layout-worker.ts'
import { AlertEvents } from './alerts/alert.events.ts'
import { createMatchQueues, type MatchQueue } from './matches/match.queue.ts'
import { SightingCodeCache } from './matches/sighting-code-cache.ts'
import { startJobQueue, stopJobQueue } from './jobs/boss.ts'

export interface RunningServer {
  readonly port: number
  stop(): Promise<void>
}

/** Opens the database, applies migrations, and serves the API and/or runs the workers (config.role) until stop() drains it. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const { role } = config
  const runsApi = role !== 'worker'
  const runsWorkers = role !== 'api'
  const database = await openDatabase(config.database)
  const applied = await migrate(database)
  if (applied.length) logger.info({ applied }, 'migrations applied')
  const migrations = (await readMigrations()).map((m) => m.version)
  const boss = await startJobQueue(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url }
      : { kind: 'pglite', pglite: database.pglite!, kysely: database.db },
    { onError: (err) => logger.error({ err }, 'job queue error'), onWarning: (warning) => logger.warn(warning, warning.message) },
  )
  const matchQueue = await createMatchQueues(boss)
  const alertEvents = new AlertEvents()
  const notifier = await createNotifier(boss)
  const codeCache = config.codeCache ? new SightingCodeCache(database.db, { modelId: config.matching.modelId, logger }) : undefined
  codeCache?.start()
  const metrics = new OpsMetrics({ db: database.db, codeCache, role })
  if (runsWorkers) {
    const vapid = await loadOrCreateVapidKeys(config.dataDir)
    await startRetentionWorker(boss, database.db, logger, config.retentionSweepCron)
    await startSightingLayoutWorker(boss, database.db, logger)
    await startNotificationWorker(boss, { db: database.db, channels: createChannels(config.mail, config.publicUrl, { push: { vapid, subject: vapidSubject(config.publicUrl, config.mail.from), publicUrl: config.publicUrl }, outbound: { allowPrivate: config.allowPrivateWebhooks } }) }, logger)
    await startMatchWorkers(boss, { db: database.db, matching: config.matching, codeCache, alertEvents, notifier }, logger, { metrics })
  }
  let draining = false
  const ops = { metrics, migrations, metricsToken: config.metricsToken, draining: () => draining }
  const app = runsApi ? await buildApiApp(config, database.db, { matchQueue, alertEvents, notifier, codeCache, ops, logger }) : buildOpsApp(database.db, ops)

  // While draining, each response closes its connection, so keep-alive sockets do not hold up the exit.
  const fetch = async (request: Request, env: unknown) => {
    const response = await app.fetch(request, env)
    if (draining) response.headers.set('connection', 'close')
    return response
  }
  const server = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch, port: config.port, hostname: config.host }, (info) => resolve({ server: s, port: info.port }))
  })
  logger.info({ url: `http://${config.host}:${server.port}`, database: database.kind, role }, 'Homeward is listening')

  return {
    port: server.port,
    async stop() {
      // Stop accepting, let in-flight requests finish, and only cut connections after the grace period.
      draining = true
      const t0 = performance.now()
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()))
      if ('closeIdleConnections' in server.server) server.server.closeIdleConnections()
      const force = setTimeout(() => {
        if ('closeAllConnections' in server.server) server.server.closeAllConnections()
      }, config.shutdownGraceMs)
      await closed
      clearTimeout(force)
      logger.debug({ ms: Math.round(performance.now() - t0) }, 'http server closed')
      // Jobs stop before the database closes: on PGlite their last statements go through Kysely.
      await stopJobQueue(boss, config.shutdownGraceMs)
      await codeCache?.stop()
      await database.close()
    },
  }
}

interface ApiParts {
  readonly matchQueue: MatchQueue
  readonly alertEvents: AlertEvents
  readonly notifier: Notifier
  readonly codeCache: SightingCodeCache | undefined
  readonly ops: Omit<OpsDeps, 'db'>
  readonly logger: Logger
}

async function buildApiApp(config: Config, db: Kysely<Database>, parts: ApiParts) {
  const secret = await loadOrCreateAuthSecret(config.dataDir, config.auth.secret)
  const vapid = await loadOrCreateVapidKeys(config.dataDir)
  const auth = createAuth({ db, secret, baseURL: config.publicUrl, trustedOrigins: config.auth.trustedOrigins })
  // Searches written before sql/0018 hold their point in clear: sealed once, before the first request.
  const sealed = await sealClearLastSeenPoints(db, createPointSealer(secret))
  if (sealed > 0) parts.logger.info({ sealed }, 'sealed the last-seen points of older searches')
  const vision = await createVisionPipeline()
  parts.logger.info({ embeddingModel: vision.modelId, detector: vision.detectorId, loadMs: Math.round(vision.loadMs) }, 'vision models loaded')
  return buildApp({
    db,
    auth,
    storage: createFileStorage(path.join(config.dataDir, 'blobs')),
    petPhotos: petPhotoAnalyzer(vision),
    ...parts,
    matching: config.matching,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    vapidPublicKey: vapid.publicKey,
    web: { assets: await loadWebAssets(), tileUrl: config.web.tileUrl, geocoder: config.web.geocoder, publicUrl: config.publicUrl },
  })
}

/** A worker process answers only its probes and metrics. */
function buildOpsApp(db: Kysely<Database>, ops: Omit<OpsDeps, 'db'>) {
  const app = createRouter()
  opsRoutes(app, { db, ...ops })
  app.notFound((c) => c.json(errorBody('NOT_FOUND', 'A worker process serves /health, /ready and /metrics only'), 404))
  return app
}
