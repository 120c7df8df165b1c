import { RateLimitedError } from '../errors.ts'
import type { RateRule } from './rate-limit.ts'

/**
 * Limits a real person never reaches, set so that guessing, flooding and scraping do. Per-address
 * rules count in memory only (src/http/rate-limit.ts); per-account rules count the account's own rows.
 */
export interface AbuseLimits {
  readonly signInPerAddress: RateRule
  readonly signUpPerAddress: RateRule
  readonly pairPerAddress: RateRule
  /** Unauthenticated reads (feed, lost/found pet pages, transparency): browsing, not scraping. */
  readonly publicReadsPerAddress: RateRule
  /** Searches an account may have active at once: a household rarely loses more than a few pets at a time. */
  readonly activeSearchesPerAccount: number
  readonly searchesPerAccount: RateRule
  readonly foundReportsPerAccount: RateRule
  readonly relayMessagesPerAccount: RateRule
  /** Guest help (no account): messages and sightings sent from one address, counted in memory only. */
  readonly guestWritesPerAddress: RateRule
  /** New guest threads on one search, from everyone: a flood of strangers at one owner (the search's own rows). */
  readonly guestThreadsPerSearch: RateRule
  /** A guest's own messages in their thread (the thread's own rows). */
  readonly guestMessagesPerThread: RateRule
  /** Open alert event streams per user: a few tabs and devices, not a connection flood. */
  readonly eventStreamsPerAccount: number
  /** A new search whose photo shows a pet already in one of the account's open searches is refused. */
  readonly refuseDuplicatePhotos: boolean
  /** A new search whose photos match another account's open search nearby waits for that owner (pet-as-proxy). */
  readonly holdLookalikeSearches: boolean
  /** Held or refused look-alike searches an account may run into in 30 days before the next is refused outright. */
  readonly lookalikeAttemptsAllowed: number
}

const DAY = 24 * 3600

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  signInPerAddress: { limit: 30, windowSeconds: 10 * 60 },
  signUpPerAddress: { limit: 10, windowSeconds: 3600 },
  pairPerAddress: { limit: 10, windowSeconds: 15 * 60 },
  publicReadsPerAddress: { limit: 300, windowSeconds: 60 },
  activeSearchesPerAccount: 3,
  searchesPerAccount: { limit: 6, windowSeconds: DAY },
  foundReportsPerAccount: { limit: 10, windowSeconds: DAY },
  relayMessagesPerAccount: { limit: 60, windowSeconds: 3600 },
  guestWritesPerAddress: { limit: 10, windowSeconds: 3600 },
  guestThreadsPerSearch: { limit: 30, windowSeconds: DAY },
  guestMessagesPerThread: { limit: 20, windowSeconds: 3600 },
  eventStreamsPerAccount: 5,
  refuseDuplicatePhotos: true,
  holdLookalikeSearches: true,
  lookalikeAttemptsAllowed: 2,
}

/** The limits a service runs with: the deps' own where given, the defaults otherwise. */
export const limitsOf = (deps: { readonly limits?: Partial<AbuseLimits> | undefined }): AbuseLimits => ({
  ...DEFAULT_ABUSE_LIMITS,
  ...deps.limits,
})

/**
 * A per-account window over the account's own rows: `recent` are the creation times inside the
 * window (oldest first, at most `rule.limit`). Throws 429 with the seconds until the oldest leaves it.
 */
export function assertUnderRate(recent: readonly Date[], rule: RateRule, now: Date, what: string): void {
  if (recent.length < rule.limit) return
  const wait = Math.max(1, Math.ceil((recent[0]!.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000))
  throw new RateLimitedError(`Too many ${what}; try again in ${wait} s`, wait)
}

export const windowStart = (rule: RateRule, now: Date) => new Date(now.getTime() - rule.windowSeconds * 1000)

const UNLIMITED_RATE = { limit: 1_000_000, windowSeconds: 1 }
/**
 * For test harnesses only (test/support/app.ts, `wrangler dev --env test`): every request comes from one address,
 * and one cat photo is reused across searches and accounts; test/abuse/ runs the real limits.
 */
export const LIFTED_ABUSE_LIMITS: Partial<AbuseLimits> = {
  signInPerAddress: UNLIMITED_RATE,
  signUpPerAddress: UNLIMITED_RATE,
  pairPerAddress: UNLIMITED_RATE,
  publicReadsPerAddress: UNLIMITED_RATE,
  activeSearchesPerAccount: 1_000_000,
  searchesPerAccount: UNLIMITED_RATE,
  foundReportsPerAccount: UNLIMITED_RATE,
  relayMessagesPerAccount: UNLIMITED_RATE,
  guestWritesPerAddress: UNLIMITED_RATE,
  guestThreadsPerSearch: UNLIMITED_RATE,
  guestMessagesPerThread: UNLIMITED_RATE,
  eventStreamsPerAccount: 1_000_000,
  refuseDuplicatePhotos: false,
  holdLookalikeSearches: false,
}
