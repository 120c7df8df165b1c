import type { Hono } from 'hono'
import type { AccountThrottle, ThrottledAction } from '../accounts/account-throttle.ts'
import type { Auth } from '../accounts/auth.ts'
import { RateLimitedError } from '../errors.ts'
import type { AbuseLimits } from './abuse-limits.ts'
import type { AppEnv } from './env.ts'
import { errorBody } from './error-handler.ts'
import { findNulByte, NUL_BYTE_MESSAGE } from './nul-bytes.ts'
import { clientAddress, type MemoryRateLimiter } from './rate-limit.ts'

export interface AuthGuard {
  readonly limiter: MemoryRateLimiter
  readonly throttle: AccountThrottle
  readonly limits: AbuseLimits
}

const guarded: Record<string, { action: ThrottledAction; rule: 'signInPerAddress' | 'signUpPerAddress'; failed: (status: number) => boolean }> = {
  // better-auth answers a wrong e-mail or password with 401; a wrong body with 400 (not a guess).
  '/api/auth/sign-in/email': { action: 'sign-in', rule: 'signInPerAddress', failed: (s) => s === 401 || s === 403 },
  // A taken address answers 200 like a new one (autoSignIn: false); a 4xx is a malformed or refused sign-up.
  '/api/auth/sign-up/email': { action: 'sign-up', rule: 'signUpPerAddress', failed: (s) => s >= 400 && s < 500 && s !== 429 },
}

async function jsonOf(request: Request): Promise<unknown> {
  return request.headers.get('content-type')?.includes('json') ? request.clone().json().catch(() => undefined) : undefined
}

function emailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email
  return typeof email === 'string' && email.length <= 320 ? email : undefined
}

/**
 * Mounts better-auth under /api/auth (sign-up/email, sign-in/email, sign-out, get-session, …). Its error
 * replies are reshaped into the API's `{ error: { code, message } }` so clients see one error format.
 * Sign-in and sign-up are throttled per client address (in memory) and per account (a growing delay).
 */
export function mountAuthRoutes(app: Hono<AppEnv>, auth: Auth, guard: AuthGuard) {
  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    const rule = c.req.method === 'POST' ? guarded[c.req.path] : undefined
    const body = c.req.method === 'POST' ? await jsonOf(c.req.raw) : undefined
    const field = findNulByte(body)
    if (field !== undefined) return c.json(errorBody('INVALID_INPUT', `${field}: ${NUL_BYTE_MESSAGE}`), 400)
    const email = rule && emailOf(body)
    if (rule) {
      guard.limiter.take(`${rule.action}:${clientAddress(c)}`, guard.limits[rule.rule], `${rule.action} attempts from this address`)
      const wait = email ? await guard.throttle.waitSeconds(rule.action, email) : 0
      if (wait > 0) throw new RateLimitedError(`Too many failed ${rule.action} attempts for this account; try again in ${wait} s`, wait)
    }
    const response = await auth.handler(c.req.raw)
    if (rule && email) {
      if (rule.failed(response.status)) await guard.throttle.recordFailure(rule.action, email)
      else if (response.status < 300 && rule.action === 'sign-in') await guard.throttle.recordSuccess(rule.action, email)
    }
    return reshapeError(response)
  })
}

async function reshapeError(response: Response) {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('application/json')) return response
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string }
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(errorBody(body.code ?? 'AUTH_ERROR', body.message ?? 'Authentication failed')), {
    status: response.status,
    headers,
  })
}
