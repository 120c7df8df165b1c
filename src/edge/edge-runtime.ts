// The one place a Worker isolate wires its parts, as src/runtime/node-runtime.ts does for a Node process:
// the same buildApp, with edge adapters behind its ports.
import { createAuth } from '../accounts/auth.ts'
import { buildApp, type AppDeps } from '../app.ts'
import { systemClock } from '../clock.ts'
import { loadConfig } from '../config.ts'
import { LIFTED_ABUSE_LIMITS } from '../http/abuse-limits.ts'
import { createLogger } from '../logger.ts'
import { OpsMetrics } from '../ops/metrics.ts'
import type { EdgeEnv } from './edge-env.ts'
import { createEdgeJobQueue } from './job-queue.ts'
import { edgePhotoCheck } from './photo-check.ts'
import { PolledAlertEvents } from './polled-alert-events.ts'
import { createR2Storage } from './r2-storage.ts'
import { createRequestScopedDb } from './request-db.ts'

export type EdgeApp = ReturnType<typeof buildApp>

export function createEdgeRuntime(env: EdgeEnv): { readonly app: EdgeApp; readonly deps: AppDeps } {
  // The same validation as the Node server's, on the bindings; the database URL is Hyperdrive's.
  const config = loadConfig({
    DATABASE_URL: env.HYPERDRIVE.connectionString,
    PUBLIC_URL: env.PUBLIC_URL,
    AUTH_SECRET: env.AUTH_SECRET,
    TRUSTED_ORIGINS: env.TRUSTED_ORIGINS,
    ALLOW_PRIVATE_WEBHOOKS: env.ALLOW_PRIVATE_WEBHOOKS,
    MATCH_MODEL_ID: env.MATCH_MODEL_ID,
    MATCH_MIN_SIMILARITY: env.MATCH_MIN_SIMILARITY,
    LOG_LEVEL: env.LOG_LEVEL,
    METRICS_TOKEN: env.METRICS_TOKEN,
    // The sighting code cache lives with the match workers.
    MATCH_CODE_CACHE: 'off',
  })
  // No data directory to keep a generated secret in: it is a Worker secret, shared with the Node workers.
  const secret = config.auth.secret
  if (!secret)
    throw new Error('AUTH_SECRET is not set: `wrangler secret put AUTH_SECRET` (the Node workers use the same one)')
  if (!env.VAPID_PUBLIC_KEY)
    throw new Error("VAPID_PUBLIC_KEY is not set: the publicKey of the Node workers' DATA_DIR/vapid-keys.json")
  const db = createRequestScopedDb()
  const logger = createLogger(config.logLevel)
  const photos = edgePhotoCheck(env, config.matching.modelId)
  const jobs = createEdgeJobQueue()
  const deps: AppDeps = {
    db,
    auth: createAuth({ db, secret, baseURL: config.publicUrl, trustedOrigins: config.auth.trustedOrigins }),
    storage: createR2Storage(env.PHOTOS),
    petPhotos: photos.petPhotos,
    photoImages: photos.photoImages,
    matchQueue: jobs.matchQueue,
    // Alerts are opened by the Node match workers, in another process: an event stream polls for them.
    alertEvents: new PolledAlertEvents(db, logger),
    notifier: jobs.notifier,
    matching: config.matching,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    vapidPublicKey: env.VAPID_PUBLIC_KEY,
    logger,
    now: systemClock,
    ops: { metricsToken: config.metricsToken, metrics: new OpsMetrics({ db, role: 'edge', processMetrics: false }) },
    // Swagger UI's 1.5 MB are not bundled into the Worker: /docs/assets/* answers 404 there (docs/edge.md).
    docsAssets: async () => undefined,
    ...(env.ABUSE_LIMITS === 'lifted' && { limits: LIFTED_ABUSE_LIMITS }),
  }
  return { app: buildApp(deps), deps }
}
