import type { Hono } from 'hono'
import type { ThrottledAction } from '../accounts/account-throttle.ts'
import { RateLimitedError } from '../errors.ts'
import type { AbuseLimits } from './abuse-limits.ts'
import type { AppEnv } from './env.ts'
import { errorBody } from './error-handler.ts'
import { findNulByte, NUL_BYTE_MESSAGE } from './nul-bytes.ts'
import { clientAddress, type MemoryRateLimiter } from './rate-limit.ts'

export interface AuthGuard {
  readonly limiter: MemoryRateLimiter
  readonly limits: AbuseLimits
}

interface Guarded {
  readonly action: ThrottledAction
  readonly rule: 'signInPerAddress' | 'signUpPerAddress'
  /** Whether this answer counts towards the account's growing delay (a wrong guess, or one more reset mail). */
  readonly failed: (status: number, code: string | undefined) => boolean
  /** The account the attempt is about: the e-mail in the body, or the signed-in user's. */
  readonly fromSession?: boolean
}

const guarded: Record<string, Guarded> = {
  // better-auth answers a wrong e-mail or password with 401; a wrong body with 400 (not a guess).
  '/api/auth/sign-in/email': { action: 'sign-in', rule: 'signInPerAddress', failed: (s) => s === 401 || s === 403 },
  // A taken address answers 200 like a new one (autoSignIn: false); a 4xx is a malformed or refused sign-up.
  '/api/auth/sign-up/email': {
    action: 'sign-up',
    rule: 'signUpPerAddress',
    failed: (s) => s >= 400 && s < 500 && s !== 429,
  },
  // Every reset mail counts, known address or not, so the answers (and the 429s) are the same for both.
  '/api/auth/request-password-reset': { action: 'password-reset', rule: 'signInPerAddress', failed: (s) => s < 500 },
  // Tokens are 24 random characters; the per-address limit is against floods, not guessing.
  '/api/auth/reset-password': { action: 'password-reset', rule: 'signInPerAddress', failed: () => false },
  // A wrong current password is a password guess like a wrong sign-in.
  '/api/auth/change-password': {
    action: 'sign-in',
    rule: 'signInPerAddress',
    failed: (s, code) => s === 400 && code === 'INVALID_PASSWORD',
    fromSession: true,
  },
}

async function jsonOf(request: Request): Promise<unknown> {
  return request.headers.get('content-type')?.includes('json')
    ? request
        .clone()
        .json()
        .catch(() => undefined)
    : undefined
}

function emailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email
  return typeof email === 'string' && email.length <= 320 ? email : undefined
}

/** Changing the password signs every other device out, whatever the client asked. */
function withOtherSessionsRevoked(request: Request, body: unknown): Request {
  if (typeof body !== 'object' || body === null) return request
  const headers = new Headers(request.headers)
  headers.delete('content-length')
  return new Request(request.url, {
    method: request.method,
    headers,
    body: JSON.stringify({ ...body, revokeOtherSessions: true }),
  })
}

/**
 * Mounts better-auth under /api/auth (sign-up/email, sign-in/email, sign-out, get-session, password reset and
 * change, …). Its error replies are reshaped into the API's `{ error: { code, message } }`. Attempts that guess
 * or send mail are throttled per client address (in memory) and per account (a growing delay).
 */
export function mountAuthRoutes(app: Hono<AppEnv>, guard: AuthGuard) {
  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    const { auth, throttle } = c.var.deps
    const rule = c.req.method === 'POST' ? guarded[c.req.path] : undefined
    const body = c.req.method === 'POST' ? await jsonOf(c.req.raw) : undefined
    const field = findNulByte(body)
    if (field !== undefined) return c.json(errorBody('INVALID_INPUT', `${field}: ${NUL_BYTE_MESSAGE}`), 400)
    let email: string | undefined
    if (rule) {
      guard.limiter.take(
        `${rule.action}:${clientAddress(c)}`,
        guard.limits[rule.rule],
        `${rule.action} attempts from this address`,
      )
      email = rule.fromSession ? (await auth.api.getSession({ headers: c.req.raw.headers }))?.user.email : emailOf(body)
      const wait = email ? await throttle.waitSeconds(rule.action, email) : 0
      if (wait > 0)
        throw new RateLimitedError(`Too many ${rule.action} attempts for this account; try again in ${wait} s`, wait)
    }
    const request = c.req.path === '/api/auth/change-password' ? withOtherSessionsRevoked(c.req.raw, body) : c.req.raw
    const response = await auth.handler(request)
    if (rule && email) {
      const code =
        response.status >= 400
          ? (
              (await response
                .clone()
                .json()
                .catch(() => ({}))) as { code?: string }
            ).code
          : undefined
      if (rule.failed(response.status, code)) await throttle.recordFailure(rule.action, email)
      else if (response.status < 300 && rule.action === 'sign-in') await throttle.recordSuccess(rule.action, email)
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
