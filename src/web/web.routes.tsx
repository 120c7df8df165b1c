import type { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from '../http/env.ts'
import { cameraPages } from './cameras/camera.pages.tsx'
import { notificationPages } from './account/notification.pages.tsx'
import { neighbourPages } from './neighbours/neighbour.pages.tsx'
import { SignInPage, SignUpPage } from './pages/account.tsx'
import { accountPages } from './pages/account.routes.tsx'
import { chooseLocale } from './i18n/choose.ts'
import { webManifest } from './manifest.ts'
import { HomePage } from './pages/home.tsx'
import { ownerPages } from './owners/owner.routes.tsx'
import { pageContext, safeNextPath, type WebDeps } from './page-context.ts'

export type { WebDeps } from './page-context.ts'

const pagePaths = [
  '/',
  '/sign-in',
  '/sign-up',
  '/sign-out',
  '/me',
  '/lost/*',
  '/found/*',
  '/feed',
  '/feed/*',
  '/pets/*',
  '/cameras',
  '/cameras/*',
  '/threads',
  '/threads/*',
  '/key',
  '/forgot-password',
  '/reset-password',
  '/account',
  '/account/*',
  '/notifications',
  '/guest',
]

/** The web app: server-rendered pages with a small module script each, calling the same JSON API. */
export function webRoutes(app: Hono<AppEnv>, deps: WebDeps) {
  app.get('/assets/:name', (c) => {
    const asset = deps.assets.get(c.req.param('name'))
    if (!asset) return c.notFound()
    const immutable = c.req.query('v') !== undefined || /^chunk-/.test(c.req.param('name'))
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': asset.contentType,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
  })

  app.get('/sw.js', (c) =>
    c.body(deps.assets.get('sw.js')!.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'service-worker-allowed': '/',
    }),
  )

  app.get('/manifest.webmanifest', (c) =>
    c.body(JSON.stringify(webManifest((name) => deps.assets.url(name), chooseLocale(c))), 200, {
      'content-type': 'application/manifest+json',
      'cache-control': 'no-cache',
      vary: 'accept-language, cookie',
    }),
  )

  const headers = pageSecurityHeaders(deps.tileUrl, deps.geocoder?.url)
  for (const path of pagePaths) app.use(path, headers)

  app.get('/', async (c) => c.html(<HomePage ctx={await pageContext(c, deps)} />))
  app.get('/sign-in', async (c) =>
    c.html(<SignInPage ctx={await pageContext(c, deps)} next={safeNextPath(c.req.query('next'))} />),
  )
  app.get('/sign-up', async (c) =>
    c.html(<SignUpPage ctx={await pageContext(c, deps)} next={safeNextPath(c.req.query('next'))} />),
  )
  app.post('/sign-out', async (c) => {
    const response = await c.var.deps.auth.api.signOut({ headers: c.req.raw.headers, asResponse: true })
    const redirect = c.redirect('/', 303)
    for (const cookie of response.headers.getSetCookie()) redirect.headers.append('set-cookie', cookie)
    return redirect
  })
  ownerPages(app, deps)
  accountPages(app, deps)
  cameraPages(app, deps)
  neighbourPages(app, deps)
  notificationPages(app, deps)
}

/** Scripts and data only from this origin; images also from the map tile server, address look-ups to the geocoder; nothing framed. */
export function pageSecurityHeaders(tileUrl: string, geocoderUrl: string | undefined) {
  const tileOrigin = safeOrigin(tileUrl)
  const geocoderOrigin = geocoderUrl ? safeOrigin(geocoderUrl) : undefined
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
      connectSrc: ["'self'", ...(geocoderOrigin ? [geocoderOrigin] : [])],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { geolocation: ['self'], camera: ['self'] },
  })
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url.replace(/\{[a-z]\}/g, '0')).origin
  } catch {
    return undefined
  }
}
