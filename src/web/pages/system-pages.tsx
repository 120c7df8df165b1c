import type { Context, Hono, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../http/env.ts'
import { errorBody } from '../../http/error-handler.ts'
import type { TransparencyReports } from '../../transparency/transparency.service.ts'
import { pageContext, type WebDeps } from '../page-context.ts'
import { NotFoundPage, TransparencyPage } from './system-pages.view.tsx'

/** A browser navigating (Accept: text/html) gets a page; an API client, `/api/*` and `.json` paths get JSON. */
export function wantsHtml(c: Context<AppEnv>): boolean {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return false
  if (c.req.path.startsWith('/api/') || c.req.path.endsWith('.json')) return false
  const accept = c.req.header('accept') ?? ''
  const html = accept.indexOf('text/html')
  const json = accept.indexOf('application/json')
  return html >= 0 && (json < 0 || html < json)
}

/** Runs the page security headers (CSP and friends) around a page rendered outside the page routes. */
async function withHeaders(c: Context<AppEnv>, headers: MiddlewareHandler, render: () => Promise<Response>) {
  await headers(c, async () => {
    c.res = await render()
  })
  return c.res
}

export function notFoundHandler(deps: WebDeps | undefined, headers: MiddlewareHandler | undefined) {
  return async (c: Context<AppEnv>) => {
    if (!deps || !headers || !wantsHtml(c))
      return c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404)
    return withHeaders(c, headers, async () => c.html(<NotFoundPage ctx={await pageContext(c, deps)} />, 404))
  }
}

/** GET /transparency for browsers; everything else falls through to the JSON route registered after it. */
export function transparencyPage(
  app: Hono<AppEnv>,
  deps: WebDeps,
  headers: MiddlewareHandler,
  report: TransparencyReports,
) {
  app.get('/transparency', async (c, next) => {
    if (!wantsHtml(c)) return next()
    return withHeaders(c, headers, async () =>
      c.html(
        <TransparencyPage ctx={await pageContext(c, deps)} report={await report(c.var.deps.db, c.var.deps.now())} />,
      ),
    )
  })
}
