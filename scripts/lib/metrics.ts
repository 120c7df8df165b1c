// Retrieval and threshold metrics over L2-normalised embeddings (pure).
import { dot } from '../../src/vision/vector.ts'

export interface Retrieval {
  r1: number
  r5: number
  map: number
  queries: number
}

/** Each item queries all the others; only queries whose label has another item count. */
export function retrieval(
  embeddings: readonly Float32Array[],
  labels: readonly string[],
  isQuery: (index: number) => boolean = () => true,
): Retrieval {
  let hits1 = 0
  let hits5 = 0
  let apSum = 0
  let queries = 0
  for (let q = 0; q < embeddings.length; q++) {
    if (!isQuery(q)) continue
    const query = embeddings[q] as Float32Array
    const positives = labels.filter((l, i) => i !== q && l === labels[q]).length
    if (positives === 0) continue
    queries++
    const ranked = embeddings
      .map((e, i) => ({ i, sim: i === q ? -Infinity : dot(query, e) }))
      .filter((r) => r.i !== q)
      .sort((a, b) => b.sim - a.sim)
    if (labels[ranked[0]?.i ?? -1] === labels[q]) hits1++
    if (ranked.slice(0, 5).some((r) => labels[r.i] === labels[q])) hits5++
    let found = 0
    let precisionSum = 0
    ranked.forEach((r, rank) => {
      if (labels[r.i] === labels[q]) precisionSum += ++found / (rank + 1)
    })
    apSum += precisionSum / positives
  }
  const safe = (n: number) => (queries === 0 ? 0 : n / queries)
  return { r1: safe(hits1), r5: safe(hits5), map: safe(apSum), queries }
}

/** Similarities of genuine (same label) and impostor (different label) pairs. */
export function pairSimilarities(embeddings: readonly Float32Array[], labels: readonly string[]) {
  const genuine: number[] = []
  const impostor: number[] = []
  for (let i = 0; i < embeddings.length; i++) {
    for (let j = i + 1; j < embeddings.length; j++) {
      const sim = dot(embeddings[i] as Float32Array, embeddings[j] as Float32Array)
      ;(labels[i] === labels[j] ? genuine : impostor).push(sim)
    }
  }
  return { genuine, impostor }
}

export function crossSimilarities(a: readonly Float32Array[], b: readonly Float32Array[]): number[] {
  return a.flatMap((x) => b.map((y) => dot(x, y)))
}

/** The lowest similarity threshold at which at most `maxRate` of impostor pairs would alert. */
export function thresholdForFalseAlertRate(impostor: readonly number[], maxRate: number): number {
  const sorted = [...impostor].sort((a, b) => b - a)
  const allowed = Math.floor(sorted.length * maxRate)
  // Alerts fire at sim >= threshold: sit just above the (allowed+1)-th highest impostor.
  const boundary = sorted[allowed]
  return boundary === undefined ? -1 : boundary + 1e-6
}

export const rateAtOrAbove = (values: readonly number[], threshold: number) =>
  values.length === 0 ? 0 : values.filter((v) => v >= threshold).length / values.length

/** Pairs at or above `threshold`, their largest sign-bit (Hamming) distance, and how many lie beyond `bound`. */
export function signCodeCheck(embeddings: readonly Float32Array[], threshold: number, bound: number) {
  let pairs = 0
  let maxBits = 0
  let beyondBound = 0
  for (let i = 0; i < embeddings.length; i++) {
    for (let j = i + 1; j < embeddings.length; j++) {
      const a = embeddings[i] as Float32Array
      const b = embeddings[j] as Float32Array
      if (dot(a, b) < threshold) continue
      let bits = 0
      for (let d = 0; d < a.length; d++) if (a[d]! > 0 !== b[d]! > 0) bits++
      pairs++
      maxBits = Math.max(maxBits, bits)
      if (bits > bound) beyondBound++
    }
  }
  return { bound, pairs_at_or_above_threshold: pairs, max_bits: maxBits, beyond_bound: beyondBound }
}
