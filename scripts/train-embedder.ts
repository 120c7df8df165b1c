/**
 * Trains the Homeward pet-embedding head on frozen MobileNetV2 features with a supervised contrastive
 * loss, and writes models/embed-head/<id>.json + .bin with its recipe, seed, split and metrics.
 *   npm run train:embedder [-- --data DIR --epochs N --dim 512 --hidden 0 --out-id homeward-pet-embed-v1 --detector ID]
 * Only the training part of the identity/breed split (scripts/lib/split.ts) is used; 15 % of the
 * training dogs are held back again to choose the stopping epoch, so the test part is never looked at.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_DETECTOR_MODEL_ID, DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { applyHead } from '../src/vision/embed.ts'
import { initTensorflow, tf } from '../src/vision/tf.ts'
import { l2Normalize } from '../src/vision/vector.ts'
import { loadDataset, seededRandom, shuffled, splitLabels } from './lib/data.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { saveHead } from './lib/head-io.ts'
import { retrieval } from './lib/metrics.ts'
import { SPLIT_SEED, TRAIN_AUGMENTATIONS, trainingSplit } from './lib/split.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    epochs: { type: 'string', default: '60' },
    dim: { type: 'string', default: '512' },
    hidden: { type: 'string', default: '0' },
    temperature: { type: 'string', default: '0.1' },
    lr: { type: 'string', default: '0.001' },
    'weight-decay': { type: 'string', default: '0.0005' },
    'breed-weight': { type: 'string', default: '1' },
    'out-id': { type: 'string', default: DEFAULT_EMBEDDING_MODEL_ID },
    // The detector whose pet crops the breed samples are (the default detector unless given).
    detector: { type: 'string', default: DEFAULT_DETECTOR_MODEL_ID },
    'dry-run': { type: 'boolean', default: false },
  },
})
const model = findEmbeddingModel(values['out-id'])
if (!model) throw new Error(`register ${values['out-id']} in models/registry.ts first: its crop preprocessing decides the features`)
const settings = featureSettingsOf(model, values.detector)
const { exposure } = settings
const recipe = {
  seed: SPLIT_SEED,
  epochs: Number(values.epochs),
  dimension: Number(values.dim),
  hidden: Number(values.hidden),
  temperature: Number(values.temperature),
  learningRate: Number(values.lr),
  weightDecay: Number(values['weight-decay']),
  breedWeight: Number(values['breed-weight']),
  batch: { labels: 32, perLabel: 4 },
  loss: 'supervised contrastive (multi-positive InfoNCE) on L2-normalised outputs',
  features: `MobileNetV2×1.4 Conv_1 global average pool (1792-d), ${settings.flipAverage ? 'mirror-averaged' : 'one pass, not mirrored'}; identity: whole face crop; breeds: best pet crop by ${settings.detectorId}`,
  augmentations: `${TRAIN_AUGMENTATIONS} per identity photo, 2 per breed photo: colour jitter (25 % grey), random 75–100 % sub-crop`,
}

// The head is trained on tfjs (wasm) even when the frozen features come from onnxruntime, which never starts it.
await initTensorflow()
const dataset = loadDataset(values.data)
const split = trainingSplit(dataset)
const validation = splitLabels(split.identity.train, 0.85, SPLIT_SEED + 2)
const cache = await FeatureCache.open(values.data, settings)

interface Sample { feature: Float32Array; label: string; weight: number }
async function samples(fitIdentities: readonly string[]): Promise<Sample[]> {
  const out: Sample[] = []
  for (const [i, r] of dataset.identity.entries()) {
    if (!fitIdentities.includes(r.label)) continue
    for (const v of ['whole', ...Array.from({ length: TRAIN_AUGMENTATIONS }, (_, k) => `aug${k}`)] as Variant[]) {
      out.push({ feature: await cache.feature(r.path, v, i), label: r.label, weight: 1 })
    }
  }
  for (const [i, r] of dataset.breeds.entries()) {
    if (!split.breeds.train.includes(r.label)) continue
    for (const v of ['crop', 'aug0', 'aug1'] as Variant[]) {
      out.push({ feature: await cache.feature(r.path, v, i), label: r.label, weight: recipe.breedWeight })
    }
  }
  return out
}

async function validationScore(head: Parameters<typeof applyHead>[0]) {
  const rows = dataset.identity.filter((r) => validation.test.includes(r.label))
  const embeddings = await Promise.all(rows.map(async (r) => applyHead(head, await cache.feature(r.path, 'whole'))))
  return retrieval(embeddings, rows.map((r) => r.label))
}

function standardiser(features: readonly Float32Array[]) {
  const dim = features[0]?.length ?? 0
  const mean = new Float32Array(dim)
  const std = new Float32Array(dim)
  for (const f of features) for (let i = 0; i < dim; i++) (mean[i] as number) += (f[i] as number) / features.length
  for (const f of features) for (let i = 0; i < dim; i++) (std[i] as number) += ((f[i] as number) - (mean[i] as number)) ** 2 / features.length
  for (let i = 0; i < dim; i++) std[i] = Math.sqrt(std[i] as number) + 1e-3
  return { mean, std }
}

async function train(fitIdentities: readonly string[], epochs: number, onEpoch?: (epoch: number, head: Parameters<typeof applyHead>[0]) => Promise<void>) {
  const data = await samples(fitIdentities)
  const { mean, std } = standardiser(data.map((s) => s.feature))
  const dim = mean.length
  const x = tf.tidy(() => tf.tensor2d(data.flatMap((s) => [...s.feature]), [data.length, dim]).sub(tf.tensor1d(mean)).div(tf.tensor1d(std)))
  const random = seededRandom(recipe.seed)
  const gaussian = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() + random() + random() - 1.5) * 2 * scale)
  const shapes: [number, number][] = recipe.hidden > 0 ? [[dim, recipe.hidden], [recipe.hidden, recipe.dimension]] : [[dim, recipe.dimension]]
  const weights = shapes.map(([a, b]) => tf.variable(tf.tensor2d(gaussian(a * b, Math.sqrt(1 / a)), [a, b])))
  const biases = shapes.map(([, b]) => tf.variable(tf.zeros([b])))
  const optimizer = tf.train.adam(recipe.learningRate)
  const byLabel = new Map<string, number[]>()
  data.forEach((s, i) => byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), i]))
  const labels = [...byLabel.keys()]
  const snapshot = () => ({
    mean, std, inputDim: dim, outputDim: recipe.dimension,
    layers: shapes.map((shape, i) => ({ weights: weights[i]?.dataSync() as Float32Array, bias: biases[i]?.dataSync() as Float32Array, shape })),
  })
  const stepsPerEpoch = Math.ceil(labels.length / recipe.batch.labels)
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lossSum = 0
    const order = shuffled(labels, random)
    for (let step = 0; step < stepsPerEpoch; step++) {
      const batchLabels = order.slice(step * recipe.batch.labels, (step + 1) * recipe.batch.labels)
      const idx = batchLabels.flatMap((l) => shuffled(byLabel.get(l) ?? [], random).slice(0, recipe.batch.perLabel))
      const labelIds = idx.map((i) => batchLabels.indexOf(data[i]?.label ?? ''))
      const sampleWeights = idx.map((i) => data[i]?.weight ?? 1)
      const loss = optimizer.minimize(() => tf.tidy(() => {
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
      }), true)
      lossSum += (await loss?.data())?.[0] ?? 0
      loss?.dispose()
    }
    if (onEpoch) await onEpoch(epoch, snapshot())
    else if (epoch % 10 === 0) console.log(`epoch ${epoch} loss ${(lossSum / stepsPerEpoch).toFixed(4)}`)
  }
  const result = snapshot()
  tf.dispose([x, ...weights, ...biases])
  return { head: result, samples: data.length }
}

const baselineRows = dataset.identity.filter((r) => validation.test.includes(r.label))
const baseline = retrieval(await Promise.all(baselineRows.map(async (r) => l2Normalize(await cache.feature(r.path, 'whole')))), baselineRows.map((r) => r.label))
console.log(`validation dogs: ${validation.test.length}; frozen backbone alone: R@1 ${baseline.r1.toFixed(3)} mAP ${baseline.map.toFixed(3)}`)

// 1. Choose the number of epochs on validation dogs (a slice of the training dogs).
let best = { epoch: 0, r1: -1, map: 0 }
await train(validation.train, recipe.epochs, async (epoch, head) => {
  if (epoch % 5 !== 0) return
  const score = await validationScore(head)
  console.log(`validation epoch ${epoch}: R@1 ${score.r1.toFixed(3)} mAP ${score.map.toFixed(3)}`)
  if (score.map > best.map) best = { epoch, r1: score.r1, map: score.map }
})
console.log(`best epoch ${best.epoch} (validation R@1 ${best.r1.toFixed(3)}, mAP ${best.map.toFixed(3)})`)

// 2. Refit on all training dogs for that many epochs and save.
const final = await train(split.identity.train, best.epoch)
if (!values['dry-run']) {
  await saveHead(`embed-head/${values['out-id']}.json`, final.head, {
    id: values['out-id'],
    recipe,
    exposure,
    trainingSamples: final.samples,
    chosenEpochs: best.epoch,
    validation: { identities: validation.test.length, r1: best.r1, map: best.map, backboneOnly: { r1: baseline.r1, map: baseline.map } },
    trainedOn: { identity: split.identity.train, breeds: split.breeds.train },
    heldOut: { identity: split.identity.test, breeds: split.breeds.test },
  })
  console.log(`wrote models/embed-head/${values['out-id']}.json`)
}
