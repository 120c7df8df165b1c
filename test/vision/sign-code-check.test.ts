import { describe, expect, it } from 'vitest'
import { signCodeCheck } from '../../scripts/lib/metrics.ts'

describe('signCodeCheck (eval)', () => {
  it('counts the pairs at or above the threshold, their largest sign-bit distance, and those beyond the bound', () => {
    const unit = (v: number[]) => Float32Array.from(v, (x) => x / Math.hypot(...v))
    const a = unit([1, 1, 1, 1])
    const b = unit([1, 1, 1, -0.2]) // similarity 0.80 with a, 1 sign differs
    const c = unit([1, 1, -0.2, -0.2]) // 0.55 with a, 2 signs differ; 0.73 with b, 1 differs
    const far = unit([-1, -1, -1, 1])
    expect(signCodeCheck([a, b, c, far], 0.5, 1)).toEqual({
      bound: 1,
      pairs_at_or_above_threshold: 3,
      max_bits: 2,
      beyond_bound: 1,
    })
  })
})
