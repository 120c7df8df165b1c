import type { Generated } from 'kysely'

export interface AccountThrottleTable {
  /** HMAC-SHA256 (auth secret) of `action:email`, never the address itself. */
  key: string
  failures: Generated<number>
  blocked_until: Date | null
  updated_at: Generated<Date>
}
