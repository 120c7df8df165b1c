// Pure: how many bits of other data an embedding can carry, for the covert-channel figures of issue #20.
import { f16round } from '@petamoriken/float16'
import { float16Value } from './float16.ts'

/** What PostgreSQL's halfvec keeps of a value. */
export const toFloat16 = (x: number) => f16round(x)

/** Every value halfvec can hold within ±1: the values an embedding may take in the database before quantization. */
export function float16ValuesWithinOne(): number[] {
  const values: number[] = []
  for (let bits = 0; bits < 0x10000; bits++) {
    const v = float16Value(bits)
    if (Number.isFinite(v) && Math.abs(v) <= 1 && !Object.is(v, -0)) values.push(v)
  }
  return values
}

/** The values of the quantizer's grid (mid-cells ±(j + ½)·grid within ±1, and 0). */
export function gridValues(grid: number): number[] {
  const values = [0]
  for (let j = 0; (j + 0.5) * grid <= 1; j++) values.push((j + 0.5) * grid, -(j + 0.5) * grid)
  return values
}

/**
 * Upper bound on the payload bits per value of a `dimension`-long vector whose values come from `values` and whose
 * sum of squares is at most `maxSumOfSquares` (the format check's 1.01²). The number of such vectors is about
 * 2^(dimension·H), H the entropy of the maximum-entropy distribution on `values` with E[v²] = maxSumOfSquares /
 * dimension (a Gibbs distribution p(v) ∝ exp(−t·v²); large-deviation counting). A sender who picks values freely
 * (image bytes, not a pet) can reach it; a real embedding carries less.
 */
export function bitsPerValue(values: readonly number[], dimension: number, maxSumOfSquares = 1.01 ** 2): number {
  const target = maxSumOfSquares / dimension
  const stats = (t: number) => {
    let z = 0
    let m = 0
    for (const v of values) {
      const w = Math.exp(-t * v * v)
      z += w
      m += w * v * v
    }
    return { z, mean: m / z }
  }
  if (stats(0).mean <= target) return Math.log2(values.length)
  let lo = 0
  let hi = 1
  while (stats(hi).mean > target) hi *= 2
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (stats(mid).mean > target) lo = mid
    else hi = mid
  }
  const { z, mean } = stats(hi)
  return Math.log2(z) + (hi * mean) / Math.LN2
}
