// Pure: how long each kind of personal data is kept once it is no longer needed. Defaults here; the server
// reads overrides from the environment (RETENTION_* in src/config.ts, the README's retention section).
const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionLimits {
  /** Days after a search is found, closed or expired before its photos, name, description and point go. */
  readonly closedSearchDays: number
  /** Days after a found-pet report expires before it and its photo are deleted. */
  readonly expiredFoundReportDays: number
  /** Days a relay thread may stay silent before it and its messages are deleted (at once for a stripped search). */
  readonly relayIdleDays: number
  /** Days after a notification was sent, or last tried, before its outbox row (with its payload) is deleted. */
  readonly outboxDays: number
}

export const DEFAULT_RETENTION: RetentionLimits = {
  closedSearchDays: 30,
  expiredFoundReportDays: 0,
  relayIdleDays: 30,
  outboxDays: 7,
}

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS)
