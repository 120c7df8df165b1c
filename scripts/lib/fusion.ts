// How a search's 1–5 photos should be compared with one sighting: best photo, mean embedding (pure).
import { dot, l2Normalize, meanVector } from '../../src/vision/vector.ts'
import { thresholdForFalseAlertRate, rateAtOrAbove } from './metrics.ts'

export type Fusion = 'best_of' | 'mean'

export function fusedScore(fusion: Fusion, query: Float32Array, photos: readonly Float32Array[]): number {
  if (fusion === 'mean') return dot(query, l2Normalize(meanVector(photos)))
  return Math.max(...photos.map((p) => dot(query, p)))
}

/**
 * Each dog's first `k` photos form its search; each of its other photos is a sighting that ranks every
 * dog's search. R@1: the sighting's own dog ranks first. match_rate: its own search scores at or above
 * the threshold that lets ≤ 1 % of sighting-vs-other-search pairs alert (each fusion gets its own).
 */
export function fusionFigures(
  embeddings: readonly Float32Array[],
  labels: readonly string[],
  k: number,
  fusion: Fusion,
) {
  const byDog = new Map<string, number[]>()
  labels.forEach((l, i) => byDog.set(l, [...(byDog.get(l) ?? []), i]))
  const searches = new Map(
    [...byDog].map(([dog, idx]) => [
      dog,
      idx.slice(0, Math.min(k, idx.length)).map((i) => embeddings[i] as Float32Array),
    ]),
  )
  let hits = 0,
    queries = 0
  const genuine: number[] = [],
    impostor: number[] = []
  for (const [dog, idx] of byDog) {
    if (idx.length <= k) continue
    for (const q of idx.slice(k)) {
      const query = embeddings[q] as Float32Array
      let bestDog = '',
        best = -Infinity
      for (const [other, photos] of searches) {
        const score = fusedScore(fusion, query, photos)
        if (other === dog) genuine.push(score)
        else impostor.push(score)
        if (score > best) {
          best = score
          bestDog = other
        }
      }
      queries++
      if (bestDog === dog) hits++
    }
  }
  const threshold = thresholdForFalseAlertRate(impostor, 0.01)
  return { r1: hits / Math.max(1, queries), match_rate: rateAtOrAbove(genuine, threshold), threshold, queries }
}
