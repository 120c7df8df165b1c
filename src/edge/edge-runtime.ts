// The one place a Worker isolate wires its parts, as src/runtime/node-runtime.ts does for a Node process:
// the same buildApp, with edge adapters behind its ports. The app is built once per isolate; each request's
// deps (c.var.deps) carry a Kysely on that request's own database client.
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import { AccountThrottle } from '../accounts/account-throttle.ts'
import { createAuth } from '../accounts/auth.ts'
import { buildApp, serviceDeps, type AppDeps, type ServiceDeps } from '../app.ts'
import { ShareRequestSignal } from '../alerts/share-request.signal.ts'
import { systemClock } from '../clock.ts'
import { loadConfig } from '../config.ts'
import type { Database } from '../db/database.ts'
import type { AppEnv } from '../http/env.ts'
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

/** Hono's env on Workers: the bindings, and what src/edge/worker.ts adds for the request. */
export interface EdgeRequestEnv extends EdgeEnv {
  /** The address Cloudflare saw (the rate limiter's key). */
  readonly clientAddress: string
  /** A Kysely on this request's own postgres.js client (src/edge/request-db.ts withRequestDatabase). */
  readonly requestDb: Kysely<Database>
}

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
  // The isolate's Kysely, for what lives longer than a request (better-auth, metrics, /ready, the transparency
  // report): its queries go to the client of the request they run in.
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
    shareRequests: new ShareRequestSignal(),
  }
  const isolate = serviceDeps(deps)
  const resolveDeps = (c: Context<AppEnv>): ServiceDeps => {
    const requestDb = (c.env as EdgeRequestEnv).requestDb
    return {
      ...isolate,
      db: requestDb,
      alertEvents: new PolledAlertEvents(requestDb, logger),
      throttle: new AccountThrottle(requestDb, secret, deps.now),
    }
  }
  return { app: buildApp(deps, { resolveDeps }), deps }
}
