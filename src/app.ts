import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { Clock } from './clock.ts'
import { requestId } from 'hono/request-id'
import type { Auth } from './accounts/auth.ts'
import type { AlertEvents } from './alerts/alert.events.ts'
import { alertRoutes } from './alerts/alert.routes.ts'
import { shareRequestRoutes } from './alerts/share-request.routes.ts'
import { ShareRequestSignal } from './alerts/share-request.signal.ts'
import { auditRoutes } from './audit/audit.routes.ts'
import { accountRoutes } from './accounts/account.routes.ts'
import { cameraRoutes } from './cameras/camera.routes.ts'
import type { Database } from './db/database.ts'
import { AccountThrottle } from './accounts/account-throttle.ts'
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './http/abuse-limits.ts'
import { mountAuthRoutes } from './http/auth-routes.ts'
import { limitAllBodies } from './http/body-limit.ts'
import { refuseCrossSiteWrites } from './http/cross-site.ts'
import { limitPerAddress, MemoryRateLimiter } from './http/rate-limit.ts'
import { requireDevice } from './cameras/device-auth.ts'
import { mountDocs, type DocsAssetReader } from './http/docs.ts'
import { completeApiDocument } from './http/openapi.ts'
import { handleError } from './http/error-handler.ts'
import type { AppEnv } from './http/env.ts'
import { createRouter } from './http/router.ts'
import { requireUser } from './http/session.ts'
import type { Logger } from './logger.ts'
import type { MatchQueue } from './matches/match.queue.ts'
import type { Notifier } from './notifications/notification.queue.ts'
import type { MatchSettings } from './matches/match.service.ts'
import { trailRoutes } from './matches/trail.routes.ts'
import type { SightingCodeCache } from './matches/sighting-code-cache.ts'
import { privateMatchRoutes } from './matches/private-match.routes.ts'
import { OpsMetrics } from './ops/metrics.ts'
import { opsRoutes, type OpsDeps } from './ops/ops.routes.ts'
import { notificationRoutes } from './notifications/notification.routes.ts'
import type { PetPhotoAnalyzer } from './photos/pet-photo.ts'
import type { PhotoImages } from './photos/photo-format.ts'
import { pushRoutes } from './push/push.routes.ts'
import { guestRoutes } from './relay/guest.routes.ts'
import { relayRoutes } from './relay/relay.routes.ts'
import { thanksRoutes } from './relay/thanks.routes.ts'
import { feedRoutes } from './feed/feed.routes.ts'
import { foundRoutes } from './found/found.routes.ts'
import { createPointSealer, type PointSealer } from './searches/last-seen-seal.ts'
import { searchHoldRoutes } from './searches/search-hold.routes.ts'
import { searchRoutes } from './searches/search.routes.ts'
import { shareRoutes } from './shares/share.routes.ts'
import { previewRoutes } from './previews/preview.routes.ts'
import { sightingRoutes } from './sightings/sighting.routes.ts'
import type { BlobStorage } from './storage/blob-storage.ts'
import { transparencyRoutes } from './transparency/transparency.routes.ts'
import type { WebAssets } from './web/assets.ts'
import type { GeocoderSettings } from './web/geocoder-settings.ts'
import { pageSecurityHeaders, webRoutes } from './web/web.routes.tsx'
import { notFoundHandler, transparencyPage } from './web/pages/system-pages.tsx'
import { transparencyReports } from './transparency/transparency.service.ts'

export interface AppDeps {
  readonly db: Kysely<Database>
  readonly auth: Auth
  readonly storage: BlobStorage
  readonly petPhotos: PetPhotoAnalyzer
  /** Decoding and re-encoding uploads (sharp on Node). */
  readonly photoImages: PhotoImages
  readonly matchQueue: MatchQueue
  readonly alertEvents: AlertEvents
  readonly notifier: Notifier
  readonly matching: MatchSettings
  readonly codeCache?: SightingCodeCache
  readonly allowPrivateWebhooks: boolean
  /** The VAPID public key browsers subscribe to push with. */
  readonly vapidPublicKey: string
  readonly logger: Logger
  readonly now: Clock
  /** /metrics and /ready; by default a registry of the app's own and no migrations to wait for. */
  readonly ops?: Partial<Omit<OpsDeps, 'db'>>
  /** Abuse limits (defaults: DEFAULT_ABUSE_LIMITS); the test harness lifts them, as all its requests come from one address. */
  readonly limits?: Partial<AbuseLimits>
  /** Swagger UI's files for /docs (by default from swagger-ui-dist on disk). */
  readonly docsAssets?: DocsAssetReader
  /** The web app's pages; the API runs without them. */
  /** Wakes agents' share-request long-polls; one per process by default. */
  readonly shareRequests?: ShareRequestSignal
  /** How often a waiting long-poll re-reads the database (default 3 s). */
  readonly shareRequestRecheckMs?: number
  readonly web?: {
    readonly assets: WebAssets
    readonly tileUrl: string
    readonly geocoder?: GeocoderSettings | undefined
    readonly publicUrl: string
  }
}

/** What route handlers read from `c.var.deps`: the app's ports, and what buildApp derives from them. */
export interface ServiceDeps extends AppDeps {
  readonly pointSealer: PointSealer
  readonly trailNotices: MatchQueue
  readonly shareRequests: ShareRequestSignal
  readonly throttle: AccountThrottle
}

export interface BuildAppOptions {
  /**
   * The deps of one request, set as `c.var.deps` before any other middleware runs. By default every request
   * gets the same object, made from `appDeps` once (Node); the Worker gives each request its own database.
   */
  readonly resolveDeps?: (c: Context<AppEnv>) => ServiceDeps
}

/** Completes the app's ports into what handlers use. */
export function serviceDeps(appDeps: AppDeps): ServiceDeps {
  const secret = appDeps.auth.options.secret
  if (!secret) throw new Error('the auth secret is needed to seal last-seen points')
  return {
    ...appDeps,
    pointSealer: createPointSealer(secret),
    trailNotices: appDeps.matchQueue,
    shareRequests: appDeps.shareRequests ?? new ShareRequestSignal(),
    throttle: new AccountThrottle(appDeps.db, secret, appDeps.now),
  }
}

export function buildApp(appDeps: AppDeps, options: BuildAppOptions = {}) {
  const deps = serviceDeps(appDeps)
  const resolveDeps = options.resolveDeps ?? (() => deps)
  const app = createRouter()
  const signedIn = requireUser()
  const device = requireDevice()
  const metrics = deps.ops?.metrics ?? new OpsMetrics({ db: deps.db, codeCache: deps.codeCache, role: 'all' })
  const limits = { ...DEFAULT_ABUSE_LIMITS, ...deps.limits }
  const limiter = new MemoryRateLimiter(() => deps.now().getTime())

  app.use(async (c, next) => {
    c.set('deps', resolveDeps(c))
    await next()
  })
  app.use(requestId())
  app.use(async (c, next) => {
    const logger = deps.logger.child({ requestId: c.get('requestId') })
    c.set('logger', logger)
    const started = performance.now()
    await next()
    // Method, route and status only: paths carry ids, never bodies or query strings with places in them.
    const elapsed = performance.now() - started
    logger.info(
      { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(elapsed) },
      'request',
    )
    metrics.observeRequest(
      c.req.method,
      c.res.status === 404 && c.req.routePath.endsWith('*') ? 'unmatched' : c.req.routePath,
      c.res.status,
      elapsed / 1000,
    )
  })
  app.onError(handleError)
  app.use(limitAllBodies())
  const trustedOrigins = Array.isArray(deps.auth.options.trustedOrigins) ? deps.auth.options.trustedOrigins : []
  app.use(refuseCrossSiteWrites(trustedOrigins))
  const web = deps.web
  const webHeaders = deps.web && pageSecurityHeaders(deps.web.tileUrl, deps.web.geocoder?.url)
  // Browsers get pages for an unknown path and for /transparency; API clients keep their JSON.
  app.notFound(notFoundHandler(web, webHeaders))
  const transparencyReport = transparencyReports()

  opsRoutes(app, { db: deps.db, migrations: [], ...deps.ops, metrics })
  mountAuthRoutes(app, { limiter, limits })
  app.use(
    '/api/devices/pair',
    limitPerAddress(limiter, 'pair', limits.pairPerAddress, 'pairing attempts from this address'),
  )
  // Public reads are for people looking, not for scraping the feed or walking ids.
  const publicRead = limitPerAddress(limiter, 'public-read', limits.publicReadsPerAddress, 'requests from this address')
  for (const path of [
    '/api/feed',
    '/feed',
    '/feed/cards',
    '/api/lost-pets/*',
    '/api/found-pets/*',
    '/transparency',
    '/transparency.json',
    '/api/consent/camera',
    '/api/push/vapid-public-key',
  ])
    app.on('GET', path, publicRead)
  searchRoutes(app, signedIn)
  searchHoldRoutes(app)
  cameraRoutes(app, signedIn)
  sightingRoutes(app, device)
  alertRoutes(app, signedIn)
  shareRoutes(app, device)
  shareRequestRoutes(app, device)
  app.use('/api/devices/searches', device)
  app.use('/api/devices/private-matches', device)
  privateMatchRoutes(app)
  trailRoutes(app)
  feedRoutes(app)
  if (web && webHeaders) transparencyPage(app, web, webHeaders, transparencyReport)
  transparencyRoutes(app, transparencyReport)
  app.use('/api/me/*', signedIn)
  auditRoutes(app)
  accountRoutes(app)
  previewRoutes(app)
  notificationRoutes(app)
  pushRoutes(app)
  relayRoutes(app, signedIn)
  foundRoutes(app, signedIn)
  thanksRoutes(app)
  guestRoutes(app, {
    writesPerAddress: limitPerAddress(
      limiter,
      'guest-write',
      limits.guestWritesPerAddress,
      'guest messages from this address',
    ),
    readsPerAddress: publicRead,
    sameSite: refuseCrossSiteWrites(trustedOrigins, { evenWithoutCookie: true }),
  })
  if (web) webRoutes(app, web)

  app.openAPIRegistry.registerComponent('securitySchemes', 'deviceToken', { type: 'http', scheme: 'bearer' })
  const apiDocument = () =>
    completeApiDocument(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Homeward API',
          version: '0.1.0',
          description:
            'Privacy-first lost-pet matching. Accounts live under /api/auth (better-auth: sign-up/email, sign-in/email, sign-out, get-session).',
        },
      }),
    )
  app.get('/openapi.json', (c) => c.json(apiDocument()))
  mountDocs(app, deps.docsAssets)
  return app
}

export type App = ReturnType<typeof buildApp>
