import { unitVector } from './cameras.ts'

/** A direction drawn uniformly from the sphere (Gaussian coordinates), as a trained model's embeddings roughly are. */
export function randomDirection(dimension: number, random: () => number): number[] {
  const values = Array.from(
    { length: dimension },
    () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
  )
  const norm = Math.hypot(...values)
  return values.map((v) => v / norm)
}

/** A unit vector whose cosine similarity to `base` is exactly `similarity` (in float64). */
export function atSimilarity(
  base: number[],
  similarity: number,
  seed: number,
  other = unitVector(base.length, seed),
): number[] {
  const along = other.reduce((s, x, i) => s + x * base[i]!, 0)
  const ortho = other.map((x, i) => x - along * base[i]!)
  const norm = Math.hypot(...ortho)
  return base.map((b, i) => similarity * b + Math.sqrt(1 - similarity ** 2) * (ortho[i]! / norm))
}
