import type { MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import type { AppEnv } from './env.ts'

/** Resolves the better-auth session from the request's cookie (or bearer session token) into c.var.user. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await c.var.deps.auth.api.getSession({ headers: c.req.raw.headers })
    if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first')
    c.set('user', { id: session.user.id, email: session.user.email, name: session.user.name })
    await next()
  }
}
