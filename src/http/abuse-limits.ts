import type { RateRule } from './rate-limit.ts'

/**
 * Limits a real person never reaches, set so that guessing, flooding and scraping do. Per-address
 * rules count in memory only (src/http/rate-limit.ts); per-account rules key on the signed-in user.
 */
export interface AbuseLimits {
  readonly signInPerAddress: RateRule
  readonly signUpPerAddress: RateRule
  readonly pairPerAddress: RateRule
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  signInPerAddress: { limit: 30, windowSeconds: 10 * 60 },
  signUpPerAddress: { limit: 10, windowSeconds: 60 * 60 },
  pairPerAddress: { limit: 10, windowSeconds: 15 * 60 },
}
