// Weighted, L2-regularised logistic regression by full-batch Adam on standardised features (pure).
import { l2Normalize } from '../../src/vision/vector.ts'
import { standardiser } from './train-head.ts'

export interface LabelledFeature {
  feature: Float32Array
  positive: boolean
  weight: number
}

/** `normalise: false` when the caller has normalised the features itself (e.g. backbone part + detector scores). */
export function fitLogistic(
  rows: readonly LabelledFeature[],
  options: { l2: number; steps: number; lr: number; normalise?: boolean },
) {
  const xs = rows.map((r) => (options.normalise === false ? r.feature : l2Normalize(r.feature)))
  const { mean, std } = standardiser(xs)
  const dim = mean.length
  const z = xs.map((x) => x.map((v, i) => (v - (mean[i] as number)) / (std[i] as number)))
  // Each class carries half the total weight, however few negatives there are.
  const classWeight = (positive: boolean) => {
    const total = rows.filter((r) => r.positive === positive).reduce((a, r) => a + r.weight, 0)
    return total === 0 ? 0 : 0.5 / total
  }
  const wPos = classWeight(true),
    wNeg = classWeight(false)
  const weights = new Float32Array(dim)
  let bias = 0
  const m = new Float64Array(dim + 1),
    v = new Float64Array(dim + 1)
  const grad = new Float64Array(dim + 1)
  for (let step = 1; step <= options.steps; step++) {
    grad.fill(0)
    for (let n = 0; n < z.length; n++) {
      const x = z[n] as Float32Array
      let s = bias
      for (let i = 0; i < dim; i++) s += (weights[i] as number) * (x[i] as number)
      const p = 1 / (1 + Math.exp(-s))
      const row = rows[n]!
      const g = (p - (row.positive ? 1 : 0)) * row.weight * (row.positive ? wPos : wNeg)
      for (let i = 0; i < dim; i++) grad[i]! += g * (x[i] as number)
      grad[dim]! += g
    }
    for (let i = 0; i < dim; i++) grad[i]! += options.l2 * (weights[i] as number)
    for (let i = 0; i <= dim; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * grad[i]!
      v[i] = 0.999 * v[i]! + 0.001 * grad[i]! ** 2
      const update = (options.lr * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8)
      if (i === dim) bias -= update
      else weights[i] = (weights[i] as number) - update
    }
  }
  return { mean, std, weights, bias }
}
