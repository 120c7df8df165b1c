import { LOOKBACK_BEFORE_LAST_SEEN_MS } from '../contracts/matching-windows.ts'
import type { Species } from '../searches/search.table.ts'

export { ALERT_DEDUPE_WINDOW_MS, LOOKBACK_BEFORE_LAST_SEEN_MS } from '../contracts/matching-windows.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** How far a lost pet may have wandered per day since it was last seen. */
export const RADIUS_GROWTH_M_PER_DAY: Record<Species, number> = { dog: 1000, cat: 200 }
export const MAX_SEARCH_RADIUS_M = 10_000

export function effectiveRadiusM(species: Species, radiusM: number, lastSeenAt: Date, now: Date): number {
  const days = Math.max(0, now.getTime() - lastSeenAt.getTime()) / DAY_MS
  return Math.min(MAX_SEARCH_RADIUS_M, radiusM + RADIUS_GROWTH_M_PER_DAY[species] * days)
}

export function earliestCandidateCapture(lastSeenAt: Date): Date {
  return new Date(lastSeenAt.getTime() - LOOKBACK_BEFORE_LAST_SEEN_MS)
}

/** pgvector's `<=>` is cosine distance; thresholds are calibrated as cosine similarity. */
export const similarityOf = (cosineDistance: number) => 1 - cosineDistance
export const maxDistanceFor = (minSimilarity: number) => 1 - minSimilarity

/** How many standard deviations above its expected value a sign-code distance may lie and still be scored. */
export const SIGN_CODE_SIGMAS = 5

/**
 * The largest Hamming distance between two embeddings' sign bits (pgvector binary_quantize) at which a
 * sighting is still scored exactly. Two unit vectors at angle θ differ in each sign bit with probability
 * about θ/π, so over d bits at the threshold angle the distance is d·p ± √(d·p·(1−p)); a sighting just
 * passing the threshold lies beyond 5 σ about 3 times in 10 million, and one scoring higher less often
 * still. The embedding model's own pairs follow this closely (models/README.md). Everything is kept when
 * the threshold admits any angle.
 */
export function signCodeBound(dimension: number, minSimilarity: number): number {
  if (minSimilarity <= -1) return dimension
  const p = Math.acos(Math.min(1, minSimilarity)) / Math.PI
  return Math.min(dimension, Math.ceil(dimension * p + SIGN_CODE_SIGMAS * Math.sqrt(dimension * p * (1 - p))))
}
