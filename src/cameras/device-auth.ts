import type { MiddlewareHandler } from 'hono'
import { authenticateDevice } from './camera.service.ts'
import { AppError } from '../errors.ts'
import type { AppEnv } from '../http/env.ts'

/** Camera agents authenticate with `Authorization: Bearer hwd_…`, scoped to the one camera they paired with. */
export function requireDevice(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer (hwd_[A-Za-z0-9_-]{20,100})$/.exec(header)
    if (!match) throw new AppError('UNAUTHENTICATED', 'A device token is required (Authorization: Bearer hwd_…)')
    c.set('device', await authenticateDevice(c.var.deps, match[1]!))
    await next()
  }
}
