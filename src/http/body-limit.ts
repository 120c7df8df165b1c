import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../errors.ts'
import type { AppEnv } from './env.ts'

const MB = 1024 * 1024

const sizeOf = (bytes: number) =>
  bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`

/**
 * Refuses a body over `maxBytes` with a 413: at once when Content-Length says so, otherwise as soon as the
 * stream passes the limit, so nothing past it is read or buffered.
 */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${sizeOf(maxBytes)}`)
    },
  })
}

/** Every request body, anonymous or not: JSON here is small (a sighting batch, the largest, is 8 MB). */
export const DEFAULT_BODY_BYTES = 256 * 1024

/**
 * The routes allowed more than the default, with the most each may take. Each route also sets its own
 * limit (limitBody), which may be tighter; this table only lets the body through the global check.
 */
const LARGER_BODIES: readonly { readonly method: string; readonly path: RegExp; readonly maxBytes: number }[] = [
  { method: 'POST', path: /^\/api\/searches$/, maxBytes: 5 * 10 * MB + 64 * 1024 }, // up to 5 photos
  { method: 'POST', path: /^\/api\/searches\/[^/]+\/photos$/, maxBytes: 10 * MB + 64 * 1024 },
  { method: 'POST', path: /^\/api\/found-pets$/, maxBytes: 10 * MB + 64 * 1024 },
  { method: 'POST', path: /^\/api\/lost-pets\/[^/]+\/guest-sightings$/, maxBytes: 10 * MB + 64 * 1024 },
  { method: 'POST', path: /^\/api\/devices\/alerts\/[^/]+\/share$/, maxBytes: 6 * MB },
  { method: 'POST', path: /^\/api\/sightings\/batch$/, maxBytes: 8 * MB },
]

const limiters = new Map<number, MiddlewareHandler>()
const limiterFor = (maxBytes: number) => {
  let limiter = limiters.get(maxBytes)
  if (!limiter) limiters.set(maxBytes, (limiter = limitBody(maxBytes)))
  return limiter
}

/** The global body limit, in front of every route (and of better-auth). */
export function limitAllBodies(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const larger = LARGER_BODIES.find((route) => route.method === c.req.method && route.path.test(c.req.path))
    return limiterFor(larger?.maxBytes ?? DEFAULT_BODY_BYTES)(c, next)
  }
}
