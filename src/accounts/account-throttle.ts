import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import * as repo from './throttle.repository.ts'
import { delayAfterFailures, FORGET_AFTER_SECONDS } from './throttle.rules.ts'
import { hmacSha256, toBase64Url } from '../web-crypto.ts'

export type ThrottledAction = 'sign-in' | 'sign-up' | 'password-reset'

/**
 * Per-account throttle with a growing delay, kept in the database so it holds across restarts and
 * processes. Keyed by an HMAC of the e-mail address, so the table names nobody.
 */
export class AccountThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async key(action: ThrottledAction, email: string): Promise<string> {
    return toBase64Url(await hmacSha256(this.secret, `${action}:${email.trim().toLowerCase()}`))
  }

  /** Every key this address may have, so deleting an account leaves none of its throttle rows. */
  keysFor(email: string): Promise<string[]> {
    return Promise.all((['sign-in', 'sign-up', 'password-reset'] as const).map((action) => this.key(action, email)))
  }

  /** Seconds until this account may try again; 0 when it may now. */
  async waitSeconds(action: ThrottledAction, email: string): Promise<number> {
    const row = await repo.findThrottle(this.db, await this.key(action, email))
    if (!row?.blocked_until) return 0
    return Math.max(0, Math.ceil((row.blocked_until.getTime() - this.now().getTime()) / 1000))
  }

  async recordFailure(action: ThrottledAction, email: string): Promise<void> {
    const key = await this.key(action, email)
    const now = this.now()
    const failures = await repo.addFailure(this.db, key, new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000))
    const delay = delayAfterFailures(failures)
    await repo.setBlockedUntil(this.db, key, delay > 0 ? new Date(now.getTime() + delay * 1000) : null)
  }

  async recordSuccess(action: ThrottledAction, email: string): Promise<void> {
    await repo.clearThrottle(this.db, await this.key(action, email))
  }
}
