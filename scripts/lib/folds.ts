// Identity-disjoint k-fold splits and the per-fold figures cross-validate.ts reports (pure).
import { dot } from '../../src/vision/vector.ts'
import { seededRandom, shuffled } from './data.ts'
import { retrieval } from './metrics.ts'

/** Repeated k-fold over label names: every label is tested exactly once per repeat, never trained on in its fold. */
export function labelFolds(labels: readonly string[], k: number, repeats: number, seed: number) {
  const unique = [...new Set(labels)].sort()
  const folds: { repeat: number; fold: number; train: Set<string>; test: Set<string> }[] = []
  for (let r = 0; r < repeats; r++) {
    const order = shuffled(unique, seededRandom(seed + 1000 * r))
    for (let f = 0; f < k; f++) {
      const test = new Set(order.filter((_, i) => i % k === f))
      folds.push({ repeat: r, fold: f, test, train: new Set(unique.filter((l) => !test.has(l))) })
    }
  }
  return folds
}

/** Degraded copies query the clean photos of every other photo (not their own clean copy). */
export function degradedRetrieval(
  degraded: readonly Float32Array[],
  clean: readonly Float32Array[],
  labels: readonly string[],
) {
  let hits1 = 0,
    hits5 = 0,
    queries = 0
  degraded.forEach((query, qi) => {
    const ranked = clean
      .map((c, i) => ({ i, sim: i === qi ? -Infinity : dot(query, c) }))
      .filter((r) => r.i !== qi)
      .sort((a, b) => b.sim - a.sim)
    if (!ranked.some((r) => labels[r.i] === labels[qi])) return
    queries++
    if (labels[ranked[0]?.i ?? -1] === labels[qi]) hits1++
    if (ranked.slice(0, 5).some((r) => labels[r.i] === labels[qi])) hits5++
  })
  return { r1: hits1 / Math.max(1, queries), r5: hits5 / Math.max(1, queries), queries }
}

export { retrieval }

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
/** Sample standard deviation across folds: the "spread" a new head's gain must exceed. */
export const spread = (xs: readonly number[]) => {
  const m = mean(xs)
  return xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))
}
export const summary = (xs: readonly number[]) => ({
  mean: round(mean(xs)),
  sd: round(spread(xs)),
  min: round(Math.min(...xs)),
  max: round(Math.max(...xs)),
  folds: xs.map(round),
})
export const round = (v: number) => Math.round(v * 1000) / 1000
