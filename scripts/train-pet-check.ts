/**
 * Trains the "dog or cat, or another animal?" check on backbone features of detected crops and measures it
 * by grouped cross-validation, then writes models/pet-check/<id>.json.
 *   node --import tsx scripts/train-pet-check.ts [--data DIR --model EMBEDDING_ID --folds 5 --out-id homeward-pet-check-v1]
 * Positives: breed photos' best pet crops (+ 2 camera-augmented copies) and dog photos. Negatives: the best
 * "pet" crop (or the whole frame) of every negative scene — wild animals and empty scenes — and people photos,
 * each with 4 camera-augmented copies. Groups: a breed, a dog, or one negative file with its copies are in
 * one fold only, so every reported score comes from a check that never saw that animal, breed or file. The
 * threshold is set on the positives' out-of-fold scores alone (≥ 99 % of pet crops pass), and the wild-animal
 * rate is then read at it: the negatives tune nothing but the weights of the folds they are not in.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { MODELS_DIR } from '../models/loaders.ts'
import {
  DEFAULT_DETECTOR_MODEL_ID,
  DEFAULT_EMBEDDING_MODEL_ID,
  findDetectorModel,
  findEmbeddingModel,
} from '../models/registry.ts'
import { selectPets } from '../src/vision/analyze.ts'
import { filterDetections } from '../src/vision/detect.ts'
import { CLASS_SCORE_FLOOR, PET_CHECK_CLASS_LABELS } from '../src/vision/analyze.ts'
import { detectorClassScores, petCheckInput, petProbability } from '../src/vision/pet-check.ts'
import { type LabelledImage, loadDataset } from './lib/data.ts'
import { bestPet, CROP_MIN_SCORE, FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { fitLogistic, type LabelledFeature } from './lib/logistic.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    model: { type: 'string', default: DEFAULT_EMBEDDING_MODEL_ID },
    folds: { type: 'string', default: '5' },
    'pet-pass': { type: 'string', default: '0.99' },
    'out-id': { type: 'string', default: 'homeward-pet-check-v1' },
    l2: { type: 'string', default: '1' },
    'dry-run': { type: 'boolean', default: false },
    // Append the detector's COCO animal-class scores for the crop's box to the check's input.
    'class-scores': { type: 'boolean', default: false },
    // Aligned dog-face photos as extra positives (their detections are not cached: off with --class-scores).
    // A string so `--dog-faces false` gives the plain check the same training rows as a --class-scores one.
    'dog-faces': { type: 'string', default: 'true' },
  },
})
const dataset = loadDataset(values.data)
const model = findEmbeddingModel(values.model)
if (!model) throw new Error(`unknown embedding model ${values.model}`)
const cache = await FeatureCache.open(values.data, featureSettingsOf(model))
const options = { l2: Number(values.l2), steps: 250, lr: 0.01, normalise: false }
const k = Number(values.folds)
const detector = findDetectorModel(DEFAULT_DETECTOR_MODEL_ID)!
const classLabels = values['class-scores'] ? PET_CHECK_CLASS_LABELS : []

type Kind = 'pet' | 'dog-face' | 'wild' | 'scene' | 'person' | 'holdout'
interface Row extends LabelledFeature {
  group: string
  kind: Kind
  path: string
  original: boolean
  backbone: Float32Array
  scores?: Float32Array
}
const rows: Row[] = []
// What analyze gives the check: the selected pet box's detections at the runtime thresholds (others from the floor up).
const scoresOf = async (path: string) => {
  if (!classLabels.length) return undefined
  const plain = (await cache.detections(path)).plain
  const pet = bestPet(plain, CROP_MIN_SCORE)
  const seen = filterDetections(plain, { ...detector.thresholds, other: CLASS_SCORE_FLOOR })
  return detectorClassScores(classLabels, seen, pet?.box ?? { x: 0, y: 0, width: 1, height: 1 })
}
const add = async (r: LabelledImage, i: number, kind: Kind, group: string, variants: Variant[], weight: number) => {
  // Camera-augmented copies keep the original photo's detector scores (the detector is not re-run on them).
  const scores = await scoresOf(r.path)
  for (const v of variants) {
    const backbone = await cache.feature(r.path, v, i)
    rows.push({
      feature: petCheckInput(backbone, scores),
      backbone,
      ...(scores ? { scores } : {}),
      positive: kind === 'pet' || kind === 'dog-face',
      weight,
      group,
      kind,
      path: r.path,
      original: v === variants[0],
    })
  }
}
for (const [i, r] of dataset.breeds.entries()) await add(r, i, 'pet', r.label, ['crop', 'cropcam0', 'cropcam1'], 1)
if (values['dog-faces'] !== 'false' && !values['class-scores'])
  for (const [i, r] of dataset.identity.entries()) await add(r, i, 'dog-face', r.label, ['whole'], 0.5)
for (const [i, r] of [...dataset.negatives, ...dataset.people].entries()) {
  const kind = r.path.startsWith('people/')
    ? 'person'
    : /animal-holdout/.test(r.label)
      ? 'holdout'
      : /animal/.test(r.label)
        ? 'wild'
        : 'scene'
  await add(
    r,
    i,
    kind,
    r.path,
    kind === 'person' || kind === 'holdout' ? ['crop'] : ['crop', 'cropcam0', 'cropcam1', 'cropcam2', 'cropcam3'],
    1,
  )
}
await cache.save()
// Held-out animals are never trained on: the final check (all other rows) scores them once, below.
const trainable = rows.filter((r) => r.kind !== 'holdout')

// Round-robin folds per kind, so each fold tests some wild animals, breeds, dogs and scenes.
const foldOf = new Map<string, number>()
for (const kind of ['pet', 'dog-face', 'wild', 'scene', 'person'] as const) {
  ;[...new Set(trainable.filter((r) => r.kind === kind).map((r) => r.group))]
    .sort()
    .forEach((g, i) => foldOf.set(g, (i * 7 + kind.length) % k))
}
const outOfFold = new Map<Row, number>()
for (let f = 0; f < k; f++) {
  const check = fitLogistic(
    trainable.filter((r) => foldOf.get(r.group) !== f),
    options,
  )
  for (const r of trainable)
    if (foldOf.get(r.group) === f && r.original) outOfFold.set(r, petProbability(check, r.backbone, r.scores))
  console.log(`fold ${f + 1}/${k}`)
}
const scored = [...outOfFold].map(([r, p]) => ({ kind: r.kind, path: r.path, p }))
const pets = scored
  .filter((s) => s.kind === 'pet')
  .map((s) => s.p)
  .sort((a, b) => a - b)
const threshold = pets[Math.floor(pets.length * (1 - Number(values['pet-pass'])))] ?? 0.5
const final = fitLogistic(trainable, options)
for (const r of rows)
  if (r.kind === 'holdout') scored.push({ kind: r.kind, path: r.path, p: petProbability(final, r.backbone, r.scores) })
const passRate = (kind: Kind, t: number) => {
  const of = scored.filter((s) => s.kind === kind)
  return { passed: of.filter((s) => s.p >= t).length, of: of.length }
}
const figures = Object.fromEntries(
  (['pet', 'dog-face', 'wild', 'scene', 'person', 'holdout'] as const).map((kind) => [kind, passRate(kind, threshold)]),
)
const sweep = [0.1, 0.2, 0.3, 0.5, 0.7].map((t) => ({
  threshold: t,
  ...Object.fromEntries((['pet', 'wild', 'holdout'] as const).map((kind) => [kind, passRate(kind, t)])),
}))
const wildPassed = scored
  .filter((s) => (s.kind === 'wild' || s.kind === 'holdout') && s.p >= threshold)
  .map((s) => `${s.path} (${s.p.toFixed(2)})`)
const petsRejected = scored
  .filter((s) => s.kind === 'pet' && s.p < threshold)
  .map((s) => `${s.path} (${s.p.toFixed(2)})`)
// What a camera would send: a wild animal becomes a "pet" only if the detector selects a pet box (default
// thresholds, people rules) and that crop passes the check (its out-of-fold score: best box ≈ the crop scored).
const selected = async (path: string) =>
  selectPets(filterDetections((await cache.detections(path)).plain, detector.thresholds)).pets.length > 0
const oof = new Map(scored.map((s) => [s.path, s.p]))
const endToEnd = {
  detectorOnly: [] as string[],
  withCheck: [] as string[],
  holdoutDetectorOnly: [] as string[],
  holdoutWithCheck: [] as string[],
  breedsFound: 0,
  breedsFoundWithCheck: 0,
}
for (const r of dataset.negatives.filter((n) => /animal/.test(n.label))) {
  if (!(await selected(r.path))) continue
  const holdout = /animal-holdout/.test(r.label)
  ;(holdout ? endToEnd.holdoutDetectorOnly : endToEnd.detectorOnly).push(r.path)
  if ((oof.get(r.path) ?? 1) >= threshold) (holdout ? endToEnd.holdoutWithCheck : endToEnd.withCheck).push(r.path)
}
const breedsFoundWithCheck = new Set<string>()
for (const r of dataset.breeds) {
  if (!(await selected(r.path))) continue
  endToEnd.breedsFound++
  if ((oof.get(r.path) ?? 1) < threshold) continue
  endToEnd.breedsFoundWithCheck++
  breedsFoundWithCheck.add(r.path)
}
// Per fold: how many of its wild animals become pets and how many of its breed photos are found (the spread).
const perFold = Array.from({ length: k }, (_, f) => {
  const inFold = (path: string) => foldOf.get(path) === f
  const breeds = dataset.breeds.filter((r) => foldOf.get(r.label) === f)
  return {
    fold: f,
    wild: `${endToEnd.withCheck.filter(inFold).length}/${dataset.negatives.filter((n) => /animal/.test(n.label) && !/animal-holdout/.test(n.label) && inFold(n.path)).length}`,
    wildDetectorOnly: endToEnd.detectorOnly.filter(inFold).length,
    breedsFoundWithCheck: `${breeds.filter((r) => breedsFoundWithCheck.has(r.path)).length}/${breeds.length}`,
  }
})
const wildTotal = dataset.negatives.filter((n) => /animal/.test(n.label) && !/animal-holdout/.test(n.label)).length
const holdoutTotal = dataset.negatives.filter((n) => /animal-holdout/.test(n.label)).length
const pipeline = {
  wild_as_pet_detector_only: `${endToEnd.detectorOnly.length}/${wildTotal}`,
  wild_as_pet_with_check: `${endToEnd.withCheck.length}/${wildTotal}`,
  wild_files_still_pets: endToEnd.withCheck,
  holdout_as_pet_detector_only: `${endToEnd.holdoutDetectorOnly.length}/${holdoutTotal}`,
  holdout_as_pet_with_check: `${endToEnd.holdoutWithCheck.length}/${holdoutTotal}`,
  holdout_files_still_pets: endToEnd.holdoutWithCheck,
  pet_recall_detector_only: endToEnd.breedsFound / dataset.breeds.length,
  pet_recall_with_check: endToEnd.breedsFoundWithCheck / dataset.breeds.length,
}
console.log(JSON.stringify({ threshold, figures, sweep, wildPassed, petsRejected, pipeline, perFold }, null, 2))

// Timing: one check is one standardised dot product.
const probe = rows[0]!
const t0 = performance.now()
for (let i = 0; i < 10_000; i++) petProbability(final, probe.backbone, probe.scores)
const microsPerCrop = ((performance.now() - t0) / 10_000) * 1000

if (!values['dry-run']) {
  const file = `pet-check/${values['out-id']}.json`
  await mkdir(dirname(join(MODELS_DIR, file)), { recursive: true })
  await writeFile(
    join(MODELS_DIR, file),
    `${JSON.stringify({
      id: values['out-id'],
      embeddingModel: model.id,
      features: `${model.id}'s pooled backbone features of the pet crop (exposure ${model.exposure ?? 'none'}, ${model.flipAverage ? 'mirror-averaged' : 'one pass'}), L2-normalised${classLabels.length ? ", then the detector's scores for the box of the classes in classLabels" : ''}; standardised`,
      recipe: { ...options, loss: 'class-balanced logistic', folds: k, petPassTarget: Number(values['pet-pass']) },
      threshold,
      ...(classLabels.length ? { classLabels } : {}),
      crossValidated: { figures, sweep, wildPassed, petsRejected, pipeline, perFold, microsPerCrop },
      trainedOn: {
        rows: rows.length,
        negativesFiles: [...new Set(trainable.filter((r) => !r.positive).map((r) => r.path))],
      },
      mean: [...final.mean],
      std: [...final.std],
      weights: [...final.weights],
      bias: final.bias,
    })}\n`,
  )
  console.log(`wrote models/${file}; ${microsPerCrop.toFixed(1)} µs a crop`)
}
