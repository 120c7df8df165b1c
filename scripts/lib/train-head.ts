// Trains a projection head on cached backbone features with a supervised contrastive loss (pure apart
// from tfjs): shared by train-embedder.ts (the shipped heads) and cross-validate.ts (k-fold figures).
import type { EmbeddingHead } from '../../models/loaders.ts'
import { tf } from '../../src/vision/tf.ts'
import { seededRandom, shuffled } from './data.ts'
import type { HeadTensors } from './head-io.ts'

export interface Sample {
  feature: Float32Array
  label: string
  weight: number
}

export interface HeadRecipe {
  readonly seed: number
  readonly dimension: number
  readonly hidden: number
  readonly temperature: number
  readonly learningRate: number
  readonly weightDecay: number
  readonly batch: { readonly labels: number; readonly perLabel: number }
}

export function standardiser(features: readonly Float32Array[]) {
  const dim = features[0]?.length ?? 0
  const mean = new Float32Array(dim)
  const std = new Float32Array(dim)
  for (const f of features) for (let i = 0; i < dim; i++) (mean[i] as number) += (f[i] as number) / features.length
  for (const f of features)
    for (let i = 0; i < dim; i++) (std[i] as number) += ((f[i] as number) - (mean[i] as number)) ** 2 / features.length
  for (let i = 0; i < dim; i++) std[i] = Math.sqrt(std[i] as number) + 1e-3
  return { mean, std }
}

/** Needs initTensorflow() first. `onEpoch` sees a snapshot of the head after every epoch. */
export async function trainHead(
  data: readonly Sample[],
  recipe: HeadRecipe,
  epochs: number,
  onEpoch?: (epoch: number, head: EmbeddingHead) => Promise<void>,
) {
  const { mean, std } = standardiser(data.map((s) => s.feature))
  const dim = mean.length
  const x = tf.tidy(() =>
    tf
      .tensor2d(
        data.flatMap((s) => [...s.feature]),
        [data.length, dim],
      )
      .sub(tf.tensor1d(mean))
      .div(tf.tensor1d(std)),
  )
  const random = seededRandom(recipe.seed)
  const gaussian = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => (random() + random() + random() - 1.5) * 2 * scale)
  const shapes: [number, number][] =
    recipe.hidden > 0
      ? [
          [dim, recipe.hidden],
          [recipe.hidden, recipe.dimension],
        ]
      : [[dim, recipe.dimension]]
  const weights = shapes.map(([a, b]) => tf.variable(tf.tensor2d(gaussian(a * b, Math.sqrt(1 / a)), [a, b])))
  const biases = shapes.map(([, b]) => tf.variable(tf.zeros([b])))
  const optimizer = tf.train.adam(recipe.learningRate)
  const byLabel = new Map<string, number[]>()
  data.forEach((s, i) => byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), i]))
  const labels = [...byLabel.keys()]
  const snapshot = (): EmbeddingHead & HeadTensors => ({
    mean,
    std,
    inputDim: dim,
    outputDim: recipe.dimension,
    layers: shapes.map((shape, i) => ({
      weights: weights[i]?.dataSync() as Float32Array,
      bias: biases[i]?.dataSync() as Float32Array,
      shape,
    })),
  })
  const stepsPerEpoch = Math.ceil(labels.length / recipe.batch.labels)
  let lastLoss = 0
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lossSum = 0
    const order = shuffled(labels, random)
    for (let step = 0; step < stepsPerEpoch; step++) {
      const batchLabels = order.slice(step * recipe.batch.labels, (step + 1) * recipe.batch.labels)
      const idx = batchLabels.flatMap((l) => shuffled(byLabel.get(l) ?? [], random).slice(0, recipe.batch.perLabel))
      const labelIds = idx.map((i) => batchLabels.indexOf(data[i]?.label ?? ''))
      const sampleWeights = idx.map((i) => data[i]?.weight ?? 1)
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            let h: tf.Tensor2D = tf.gather(x, idx) as tf.Tensor2D
            weights.forEach((w, i) => {
              h = h.matMul(w).add(biases[i] as tf.Variable) as tf.Tensor2D
              if (i < weights.length - 1) h = tf.relu(h)
            })
            const z = tf.div(h, tf.norm(h, 2, 1, true).add(1e-8)) as tf.Tensor2D
            const n = idx.length
            const eye = tf.eye(n)
            const logits = z.matMul(z, false, true).div(recipe.temperature).sub(eye.mul(1e9))
            const ids = tf.tensor1d(labelIds, 'int32')
            const positives = tf.equal(ids.expandDims(1), ids.expandDims(0)).toFloat().sub(eye)
            const logProb = logits.sub(tf.logSumExp(logits, 1, true))
            const perSample = positives.mul(logProb).sum(1).div(positives.sum(1).maximum(1)).neg()
            const supcon = perSample.mul(tf.tensor1d(sampleWeights)).sum().div(tf.tensor1d(sampleWeights).sum())
            const decay = weights.reduce((acc: tf.Scalar, w) => acc.add(w.square().sum()) as tf.Scalar, tf.scalar(0))
            return supcon.add(decay.mul(recipe.weightDecay)) as tf.Scalar
          }),
        true,
      )
      lossSum += (await loss?.data())?.[0] ?? 0
      loss?.dispose()
    }
    lastLoss = lossSum / stepsPerEpoch
    if (onEpoch) await onEpoch(epoch, snapshot())
  }
  const result = snapshot()
  tf.dispose([x, ...weights, ...biases])
  optimizer.dispose()
  return { head: result, samples: data.length, loss: lastLoss }
}
