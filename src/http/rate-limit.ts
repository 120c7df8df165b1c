import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { RateLimitedError } from '../errors.ts'
import type { AppEnv } from './env.ts'

export interface RateRule {
  readonly limit: number
  readonly windowSeconds: number
}

// Bounds the memory an attacker spraying keys (addresses, accounts) can make the limiter hold.
const MAX_KEYS = 100_000

/**
 * Sliding-window counts in this process's memory only. Client addresses are counted here and nowhere
 * else: never written to the database or the logs, and gone at restart — the privacy promise stays.
 */
export class MemoryRateLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit; returns 0 when allowed, else the seconds until the oldest hit leaves the window. */
  hit(key: string, rule: RateRule): number {
    const now = this.now()
    const from = now - rule.windowSeconds * 1000
    const times = (this.hits.get(key) ?? []).filter((t) => t > from)
    if (times.length >= rule.limit) {
      this.hits.set(key, times)
      return Math.max(1, Math.ceil((times[0]! - from) / 1000))
    }
    times.push(now)
    this.hits.delete(key) // re-insert: the Map's order is then least recently used first
    this.hits.set(key, times)
    if (this.hits.size > MAX_KEYS) this.hits.delete(this.hits.keys().next().value!)
    return 0
  }

  /** Throws 429 (with Retry-After) when the key is over its rule. */
  take(key: string, rule: RateRule, what: string): void {
    const wait = this.hit(key, rule)
    if (wait > 0) throw new RateLimitedError(`Too many ${what}; try again in ${wait} s`, wait)
  }
}

/**
 * The peer address of the connection: the Node server's socket, or on Workers the address the edge saw
 * (src/edge/worker.ts passes it as `clientAddress`); `unknown` when there is none (app.request in tests).
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage; clientAddress?: string } | undefined
  return env?.clientAddress ?? env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

/** A middleware limiting each client address to `rule` on this route. */
export function limitPerAddress(
  limiter: MemoryRateLimiter,
  bucket: string,
  rule: RateRule,
  what: string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    limiter.take(`${bucket}:${clientAddress(c)}`, rule, what)
    await next()
  }
}
