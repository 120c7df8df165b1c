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
import type { EmbeddingHead } from '../models/loaders.ts'
import { initTensorflow } from '../src/vision/tf.ts'
import { l2Normalize } from '../src/vision/vector.ts'
import { loadDataset, splitLabels } from './lib/data.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { saveHead } from './lib/head-io.ts'
import { retrieval } from './lib/metrics.ts'
import { SPLIT_SEED, TRAIN_AUGMENTATIONS, trainingSplit } from './lib/split.ts'
import { type Sample, trainHead } from './lib/train-head.ts'

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
    // Camera-like copies (IR, dark + noise, blur, low resolution, occluder: scripts/lib/augment.ts) as well.
    'camera-aug': { type: 'boolean', default: false },
    // Train on every dog and breed of the folder (after cross-validation chose the recipe): nothing held out.
    'all-labels': { type: 'boolean', default: false },
  },
})
const model = findEmbeddingModel(values['out-id'])
if (!model)
  throw new Error(
    `register ${values['out-id']} in models/registry.ts first: its crop preprocessing decides the features`,
  )
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
  augmentations:
    `${TRAIN_AUGMENTATIONS} per identity photo, 2 per breed photo: colour jitter (25 % grey), random 75–100 % sub-crop` +
    (values['camera-aug'] ? '; plus 2 camera-like copies per identity photo and per breed crop (cameraAugment)' : ''),
  labels: values['all-labels'] ? 'all identities and breeds of the folder' : "the seeded split's training part",
}

// The head is trained on tfjs (wasm) even when the frozen features come from onnxruntime, which never starts it.
await initTensorflow()
const dataset = loadDataset(values.data)
const heldOut = trainingSplit(dataset)
const split = values['all-labels']
  ? {
      identity: { train: [...new Set(dataset.identity.map((r) => r.label))].sort(), test: [] as string[] },
      breeds: { train: [...new Set(dataset.breeds.map((r) => r.label))].sort(), test: [] as string[] },
    }
  : heldOut
const validation = splitLabels(split.identity.train, 0.85, SPLIT_SEED + 2)
const cache = await FeatureCache.open(values.data, settings)

async function samples(fitIdentities: readonly string[]): Promise<Sample[]> {
  const out: Sample[] = []
  for (const [i, r] of dataset.identity.entries()) {
    if (!fitIdentities.includes(r.label)) continue
    for (const v of [
      'whole',
      ...Array.from({ length: TRAIN_AUGMENTATIONS }, (_, k) => `aug${k}`),
      ...(values['camera-aug'] ? ['cam0', 'cam1'] : []),
    ] as Variant[]) {
      out.push({ feature: await cache.feature(r.path, v, i), label: r.label, weight: 1 })
    }
  }
  for (const [i, r] of dataset.breeds.entries()) {
    if (!split.breeds.train.includes(r.label)) continue
    for (const v of ['crop', 'aug0', 'aug1', ...(values['camera-aug'] ? ['cropcam0', 'cropcam1'] : [])] as Variant[]) {
      out.push({ feature: await cache.feature(r.path, v, i), label: r.label, weight: recipe.breedWeight })
    }
  }
  return out
}

async function validationScore(head: EmbeddingHead) {
  const rows = dataset.identity.filter((r) => validation.test.includes(r.label))
  const embeddings = await Promise.all(rows.map(async (r) => applyHead(head, await cache.feature(r.path, 'whole'))))
  return retrieval(
    embeddings,
    rows.map((r) => r.label),
  )
}

const train = (
  fitIdentities: readonly string[],
  epochs: number,
  onEpoch?: (epoch: number, head: EmbeddingHead) => Promise<void>,
) => samples(fitIdentities).then((data) => trainHead(data, recipe, epochs, onEpoch))

const baselineRows = dataset.identity.filter((r) => validation.test.includes(r.label))
const baseline = retrieval(
  await Promise.all(baselineRows.map(async (r) => l2Normalize(await cache.feature(r.path, 'whole')))),
  baselineRows.map((r) => r.label),
)
console.log(
  `validation dogs: ${validation.test.length}; frozen backbone alone: R@1 ${baseline.r1.toFixed(3)} mAP ${baseline.map.toFixed(3)}`,
)

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
    validation: {
      identities: validation.test.length,
      r1: best.r1,
      map: best.map,
      backboneOnly: { r1: baseline.r1, map: baseline.map },
    },
    trainedOn: { identity: split.identity.train, breeds: split.breeds.train },
    heldOut: { identity: split.identity.test, breeds: split.breeds.test },
  })
  console.log(`wrote models/embed-head/${values['out-id']}.json`)
}
