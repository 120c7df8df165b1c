import type { MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import type { AppEnv } from './env.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses a state-changing request that a browser made for another site while carrying this site's cookie.
 * SameSite=Lax cookies still go along with a form post or a bodyless fetch from a sibling subdomain (same
 * site, other origin), so the browser's own word is checked: Sec-Fetch-Site, else Origin. A request with
 * neither is not from a browser page (a script, the camera agent); one with an Authorization header cannot
 * be forged by a page without a CORS preflight, which this server never grants.
 */
/**
 * `evenWithoutCookie`: for anonymous writes (guest help), where the harm is not a borrowed session but another
 * site making its visitors' browsers write from their own addresses, past the per-address limits.
 */
export function refuseCrossSiteWrites(
  trustedOrigins: readonly string[],
  { evenWithoutCookie = false } = {},
): MiddlewareHandler<AppEnv> {
  const trusted = new Set(trustedOrigins.map((o) => new URL(o).origin))
  return async (c, next) => {
    if (
      SAFE_METHODS.has(c.req.method) ||
      (!c.req.header('cookie') && !evenWithoutCookie) ||
      c.req.header('authorization')
    )
      return next()
    const site = c.req.header('sec-fetch-site')
    if (site === 'same-origin' || site === 'none') return next()
    const origin = c.req.header('origin')
    if (origin !== undefined) {
      if (trusted.has(origin) || origin === new URL(c.req.url).origin) return next()
      throw new AppError('FORBIDDEN', `Cross-site request refused: ${c.req.method} from ${origin.slice(0, 100)}`)
    }
    if (site !== undefined) throw new AppError('FORBIDDEN', `Cross-site request refused (${site.slice(0, 20)})`)
    return next()
  }
}
