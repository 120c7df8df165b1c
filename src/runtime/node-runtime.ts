// The one place a Node process wires its parts: database, job queue, queues, notifier, workers, vision and
// storage. The server, the test harness, the workers' crash-test process and the benches all start here.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { PgBoss } from 'pg-boss'
import { createAuth } from '../accounts/auth.ts'
import { loadOrCreateAuthSecret } from '../accounts/auth-secret.ts'
import { deriveAuditKey } from '../audit/audit-anchor.rules.ts'
import { AlertEvents } from '../alerts/alert.events.ts'
import type { AppDeps } from '../app.ts'
import { systemClock, type Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import { openDatabase, type OpenDatabase } from '../db/connect.ts'
import { migrate } from '../db/migrate.ts'
import { startJobQueue, stopJobQueue } from '../jobs/boss.ts'
import type { Logger } from '../logger.ts'
import { createMatchQueues, type MatchQueue } from '../matches/match.queue.ts'
import { SightingCodeCache } from '../matches/sighting-code-cache.ts'
import { createAccountMailer } from '../notifications/account-mail.ts'
import { createChannels, type Channels } from '../notifications/notification.channels.ts'
import { createNotifier, type Notifier } from '../notifications/notification.queue.ts'
import type { OpsMetrics } from '../ops/metrics.ts'
import { petPhotoAnalyzer, type PetPhotoAnalyzer } from '../photos/pet-photo.ts'
import { sharpPhotoImages } from '../photos/photo-image.ts'
import { vapidSubject } from '../push/push.rules.ts'
import { loadOrCreateVapidKeys, type VapidKeys } from '../push/vapid-keys.ts'
import { createPointSealer, sealClearLastSeenPoints } from '../searches/last-seen-seal.ts'
import { createFileStorage, type BlobStorage } from '../storage/blob-storage.ts'
import { createVisionPipeline } from '../vision/index.ts'
import { loadWebAssets } from '../web/assets.ts'
import { startMatchWorkers } from '../../workers/match-worker.ts'
import { startNotificationWorker } from '../../workers/notification-worker.ts'
import { startRetentionWorker } from '../../workers/retention-sweeper.ts'
import { startAuditVerifier } from '../../workers/audit-verifier.ts'
import { startPhotoMaskBackfill } from '../../workers/photo-mask-backfill.ts'
import { startSightingLayoutWorker } from '../../workers/sighting-layout-worker.ts'

export type WorkerName = 'match' | 'notifications' | 'retention' | 'layout' | 'audit' | 'photo-masks'

export interface NodeRuntimeOverrides {
  readonly logger: Logger
  /** An open, migrated database (tests, benches); by default config.database is opened and migrated. */
  readonly database?: OpenDatabase
  readonly clock?: Clock
  /** The photo-intake port; by default the real vision pipeline, loaded when the API is built. */
  readonly petPhotos?: () => Promise<PetPhotoAnalyzer>
  readonly storage?: BlobStorage
  readonly channels?: Channels
  /** Trusted by the push sender (tests run a local TLS push service). */
  readonly pushCa?: string | Buffer
  /** Off in tests, which sign in many users from one address. */
  readonly authRateLimit?: boolean
  readonly jobQueue?: { readonly superviseIntervalSeconds?: number }
  readonly pollingIntervalSeconds?: number
}

export interface NodeRuntime {
  readonly database: OpenDatabase
  readonly boss: PgBoss
  readonly matchQueue: MatchQueue
  readonly notifier: Notifier
  readonly alertEvents: AlertEvents
  readonly codeCache: SightingCodeCache | undefined
  readonly clock: Clock
  readonly logger: Logger
  readonly vapid: () => Promise<VapidKeys>
  /** Starts these workers (the server runs all four; tests choose). */
  startWorkers(
    names: readonly WorkerName[],
    options?: { readonly metrics?: Pick<OpsMetrics, 'observeMatch'> & Partial<Pick<OpsMetrics, 'observeAuditVerify'>> },
  ): Promise<void>
  /** Photo intake alone (the vision pipeline and sharp), for the photo-check service of a worker process. */
  photoIntake(): Promise<{ readonly petPhotos: PetPhotoAnalyzer; readonly photoImages: typeof sharpPhotoImages }>
  /** Everything buildApp needs but the parts only the caller knows (ops, limits, web). */
  appDeps(extra: { readonly web?: boolean }): Promise<AppDeps>
  /** Jobs stop before the database closes: on PGlite their last statements go through Kysely. */
  stop(graceMs: number): Promise<void>
}

export async function createNodeRuntime(config: Config, overrides: NodeRuntimeOverrides): Promise<NodeRuntime> {
  const { logger } = overrides
  const clock = overrides.clock ?? systemClock
  const storage = overrides.storage ?? createFileStorage(path.join(config.dataDir, 'blobs'))
  const ownsDatabase = !overrides.database
  const database = overrides.database ?? (await openDatabase(config.database))
  if (ownsDatabase) {
    const applied = await migrate(database)
    if (applied.length) logger.info({ applied }, 'migrations applied')
  }
  const boss = await startJobQueue(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url }
      : { kind: 'pglite', pglite: database.pglite!, kysely: database.db },
    {
      onError: (err) => logger.error({ err }, 'job queue error'),
      onWarning: (warning) => logger.warn(warning, warning.message),
      ...overrides.jobQueue,
    },
  )
  const matchQueue = await createMatchQueues(boss)
  const notifier = await createNotifier(boss)
  const alertEvents = new AlertEvents()
  const codeCache = config.codeCache
    ? new SightingCodeCache(database.db, { modelId: config.matching.modelId, logger, now: clock })
    : undefined
  codeCache?.start()
  let vapidKeys: Promise<VapidKeys> | undefined
  const vapid = () => (vapidKeys ??= loadOrCreateVapidKeys(config.dataDir))
  const poll =
    overrides.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: overrides.pollingIntervalSeconds } : {}
  const db = database.db

  const channels = async () => {
    if (overrides.channels) return overrides.channels
    const ca = overrides.pushCa ?? (config.pushCaFile ? await fs.readFile(config.pushCaFile) : undefined)
    return createChannels(config.mail, config.publicUrl, {
      push: {
        vapid: await vapid(),
        subject: vapidSubject(config.publicUrl, config.mail.from),
        publicUrl: config.publicUrl,
        ...(ca && { ca }),
      },
      outbound: { allowPrivate: config.allowPrivateWebhooks },
    })
  }

  const photoIntake = async () => ({
    petPhotos: overrides.petPhotos ? await overrides.petPhotos() : await loadVision(logger),
    photoImages: sharpPhotoImages,
  })

  return {
    database,
    boss,
    matchQueue,
    notifier,
    alertEvents,
    codeCache,
    clock,
    logger,
    vapid,
    async startWorkers(names, options = {}) {
      if (names.includes('retention'))
        await startRetentionWorker(boss, db, logger, config.retentionSweepCron, {
          storage,
          limits: config.retention,
          auditKey: await deriveAuditKey(await loadOrCreateAuthSecret(config.dataDir, config.auth.secret)),
        })
      if (names.includes('audit')) {
        const observer = options.metrics?.observeAuditVerify && {
          observeAuditVerify: options.metrics.observeAuditVerify.bind(options.metrics),
        }
        await startAuditVerifier(
          boss,
          db,
          logger,
          config.auditVerifyCron,
          await deriveAuditKey(await loadOrCreateAuthSecret(config.dataDir, config.auth.secret)),
          observer || undefined,
        )
      }
      // The models load only if a photo stored before people were masked is left (photo-backfill.service.ts).
      if (names.includes('photo-masks'))
        await startPhotoMaskBackfill(boss, { db, storage, intake: photoIntake, logger, now: clock })
      if (names.includes('layout')) await startSightingLayoutWorker(boss, db, logger)
      if (names.includes('notifications'))
        await startNotificationWorker(boss, { db, channels: await channels() }, logger, poll)
      if (names.includes('match'))
        await startMatchWorkers(
          boss,
          { db, matching: config.matching, codeCache, alertEvents, notifier, trailNotices: matchQueue, now: clock },
          logger,
          { ...poll, ...options },
        )
    },
    photoIntake,
    async appDeps(extra) {
      const secret = await loadOrCreateAuthSecret(config.dataDir, config.auth.secret)
      const auth = createAuth({
        db,
        secret,
        baseURL: config.publicUrl,
        trustedOrigins: config.auth.trustedOrigins,
        mailer: createAccountMailer(config.mail, logger),
        ...(overrides.authRateLimit === false && { rateLimit: false }),
      })
      // Searches written before sql/0018 hold their point in clear: sealed once, before the first request.
      const sealed = await sealClearLastSeenPoints(db, createPointSealer(secret))
      if (sealed > 0) logger.info({ sealed }, 'sealed the last-seen points of older searches')
      return {
        db,
        auth,
        storage,
        petPhotos: overrides.petPhotos ? await overrides.petPhotos() : await loadVision(logger),
        photoImages: sharpPhotoImages,
        matchQueue,
        alertEvents,
        notifier,
        codeCache,
        matching: config.matching,
        allowPrivateWebhooks: config.allowPrivateWebhooks,
        vapidPublicKey: (await vapid()).publicKey,
        logger,
        now: clock,
        ...(extra.web && {
          web: {
            assets: await loadWebAssets(),
            tileUrl: config.web.tileUrl,
            geocoder: config.web.geocoder,
            publicUrl: config.publicUrl,
          },
        }),
      }
    },
    async stop(graceMs) {
      await stopJobQueue(boss, graceMs)
      await codeCache?.stop()
      if (ownsDatabase) await database.close()
    },
  }
}

async function loadVision(logger: Logger) {
  const vision = await createVisionPipeline()
  logger.info(
    { embeddingModel: vision.modelId, detector: vision.detectorId, loadMs: Math.round(vision.loadMs) },
    'vision models loaded',
  )
  return petPhotoAnalyzer(vision)
}
