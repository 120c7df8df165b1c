/**
 * Identity-disjoint k-fold cross-validation of embedding candidates on cached backbone features: the
 * untrained backbone (with and without the exposure gain), training-free normalisations of it, and heads
 * trained on each fold's other dogs and breeds (the v1 recipe, and with camera-like augmentation).
 *   node --import tsx scripts/cross-validate.ts [-- --data DIR --folds 3 --repeats 2 --epochs 15 --out FILE]
 * Fill the caches first: scripts/cache-features.ts --all (gain) and --all --eval-only --model mobilenetv2-gap-1792-v1.
 * Each fold's test part holds 1/k of the dogs and 1/k of the breeds, never seen by its heads; figures are
 * reported as mean ± sd over folds. Also measures fusing a search's 1–5 photos (best-of vs. mean).
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { BASELINE_EMBEDDING_MODEL_ID, DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { applyHead } from '../src/vision/embed.ts'
import { initTensorflow } from '../src/vision/tf.ts'
import { l2Normalize } from '../src/vision/vector.ts'
import { type LabelledImage, loadDataset } from './lib/data.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { degradedRetrieval, labelFolds, retrieval, round, summary } from './lib/folds.ts'
import { type Fusion, fusionFigures } from './lib/fusion.ts'
import { pairSimilarities, rateAtOrAbove, thresholdForFalseAlertRate } from './lib/metrics.ts'
import { SPLIT_SEED } from './lib/split.ts'
import { type HeadRecipe, type Sample, trainHead } from './lib/train-head.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    folds: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '15' },
    methods: { type: 'string', default: '' },
    out: { type: 'string', default: 'reports/cross-validation.json' },
  },
})
const started = performance.now()
await initTensorflow()
const dataset = loadDataset(values.data)
const gain = await FeatureCache.open(values.data, featureSettingsOf(findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)))
const none = await FeatureCache.open(values.data, featureSettingsOf(findEmbeddingModel(BASELINE_EMBEDDING_MODEL_ID)))
const index = new Map(dataset.identity.map((r, i) => [r.path, i]))
const breedIndex = new Map(dataset.breeds.map((r, i) => [r.path, i]))
const seedOf = (r: LabelledImage) => index.get(r.path) ?? breedIndex.get(r.path) ?? 0

type Project = (f: Float32Array) => Float32Array
interface Fold {
  identity: Set<string>
  breeds: Set<string>
}
/** `robustness: false` skips the degraded copies (the raw baseline's are not cached: they need ~3,000 backbone runs). */
interface Method {
  id: string
  cache: FeatureCache
  fit: (train: Fold) => Promise<Project>
  robustness?: boolean
}

const recipe: HeadRecipe = {
  seed: SPLIT_SEED,
  dimension: 512,
  hidden: 0,
  temperature: 0.1,
  learningRate: 1e-3,
  weightDecay: 5e-4,
  batch: { labels: 32, perLabel: 4 },
}
const epochs = Number(values.epochs)
const augs: Variant[] = ['aug0', 'aug1', 'aug2']
const cams: Variant[] = ['cam0', 'cam1']

async function samples(train: Fold, identityVariants: Variant[], breedVariants: Variant[]): Promise<Sample[]> {
  const out: Sample[] = []
  for (const r of dataset.identity) {
    if (!train.identity.has(r.label)) continue
    for (const v of identityVariants)
      out.push({ feature: await gain.feature(r.path, v, seedOf(r)), label: r.label, weight: 1 })
  }
  for (const r of dataset.breeds) {
    if (!train.breeds.has(r.label)) continue
    for (const v of breedVariants)
      out.push({ feature: await gain.feature(r.path, v, seedOf(r)), label: r.label, weight: 1 })
  }
  return out
}

const headMethod = (
  id: string,
  identityVariants: Variant[],
  breedVariants: Variant[],
  overrides: Partial<HeadRecipe> = {},
): Method => ({
  id,
  cache: gain,
  fit: async (train) => {
    const { head } = await trainHead(
      await samples(train, identityVariants, breedVariants),
      { ...recipe, ...overrides },
      epochs,
    )
    return (f) => applyHead(head, f)
  },
})

/** Training-free: signed square root (power normalisation) and centring on the fold's training photos. */
const sqrtCentred = (cache: FeatureCache, id: string): Method => ({
  id,
  cache,
  fit: async (train) => {
    const rows = dataset.identity.filter((r) => train.identity.has(r.label))
    const feats = await Promise.all(
      rows.map(async (r) => l2Normalize((await cache.feature(r.path, 'whole')).map(Math.sqrt))),
    )
    const centre = new Float32Array(feats[0]?.length ?? 0)
    for (const f of feats)
      for (let i = 0; i < centre.length; i++) (centre[i] as number) += (f[i] as number) / feats.length
    return (f) => l2Normalize(l2Normalize(f.map(Math.sqrt)).map((v, i) => v - (centre[i] as number)))
  },
})

const allMethods: Method[] = [
  { id: 'backbone', cache: none, fit: async () => l2Normalize, robustness: false },
  { id: 'backbone-gain', cache: gain, fit: async () => l2Normalize },
  sqrtCentred(gain, 'backbone-gain-sqrt-centred'),
  headMethod('head-v1-recipe', ['whole', ...augs], ['crop', 'aug0', 'aug1']),
  headMethod('head-camera-aug', ['whole', ...augs, ...cams], ['crop', 'aug0', 'aug1', 'cropcam0', 'cropcam1']),
]
const chosen = values.methods ? values.methods.split(',') : allMethods.map((m) => m.id)
const methods = allMethods.filter((m) => chosen.includes(m.id))

const k = Number(values.folds)
const repeats = Number(values.repeats)
const identityFolds = labelFolds(
  dataset.identity.map((r) => r.label),
  k,
  repeats,
  SPLIT_SEED + 10,
)
const breedFolds = labelFolds(
  dataset.breeds.map((r) => r.label),
  k,
  repeats,
  SPLIT_SEED + 11,
)
const CONDITIONS: Variant[] = ['ir', 'lowlight', 'blur', 'occluded']
const FUSIONS: Fusion[] = ['best_of', 'mean']

type FoldFigures = Record<string, number>
const perMethod: Record<string, FoldFigures[]> = {}
for (const [f, idFold] of identityFolds.entries()) {
  const breedFold = breedFolds[f]!
  const train: Fold = { identity: idFold.train, breeds: breedFold.train }
  const testRows = dataset.identity.filter((r) => idFold.test.has(r.label))
  const testLabels = testRows.map((r) => r.label)
  const breedRows = dataset.breeds.filter((r) => breedFold.test.has(r.label))
  for (const method of methods) {
    const project = await method.fit(train)
    const embed = (rows: readonly LabelledImage[], v: Variant) =>
      Promise.all(rows.map(async (r) => project(await method.cache.feature(r.path, v, seedOf(r)))))
    const clean = await embed(testRows, 'whole')
    const ident = retrieval(clean, testLabels)
    const breeds = retrieval(
      await embed(breedRows, 'crop'),
      breedRows.map((r) => r.label),
    )
    const pairs = pairSimilarities(clean, testLabels)
    const threshold = thresholdForFalseAlertRate(pairs.impostor, 0.01)
    const figures: FoldFigures = {
      r1: ident.r1,
      r5: ident.r5,
      map: ident.map,
      breeds_r1: breeds.r1,
      breeds_r5: breeds.r5,
      threshold_other_dogs: threshold,
      match_rate_at_1pct: rateAtOrAbove(pairs.genuine, threshold),
    }
    if (method.robustness !== false)
      for (const c of CONDITIONS) figures[`${c}_r1`] = degradedRetrieval(await embed(testRows, c), clean, testLabels).r1
    for (const fusion of FUSIONS) {
      for (const photos of [1, 2, 3]) {
        const fig = fusionFigures(clean, testLabels, photos, fusion)
        figures[`fusion_${fusion}_${photos}_r1`] = fig.r1
        figures[`fusion_${fusion}_${photos}_match_rate`] = fig.match_rate
      }
    }
    ;(perMethod[method.id] ??= []).push(figures)
    console.log(
      `fold ${f} ${method.id}: R@1 ${round(ident.r1)} R@5 ${round(ident.r5)} breeds ${round(breeds.r1)} ir ${round(figures.ir_r1 ?? NaN)} low ${round(figures.lowlight_r1 ?? NaN)} blur ${round(figures.blur_r1 ?? NaN)} occ ${round(figures.occluded_r1 ?? NaN)}`,
    )
  }
}

const report = {
  data: values.data,
  design: `${k}-fold × ${repeats} repeats, split by identity (${identityFolds[0]?.test.size}–${identityFolds.at(-1)?.test.size} test dogs a fold) and by breed; heads: ${epochs} epochs, recipe ${JSON.stringify(recipe)}`,
  methods: Object.fromEntries(
    Object.entries(perMethod).map(([id, folds]) => [
      id,
      Object.fromEntries(Object.keys(folds[0] ?? {}).map((key) => [key, summary(folds.map((x) => x[key] ?? 0))])),
    ]),
  ),
  seconds: Math.round((performance.now() - started) / 1000),
}
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
for (const [id, m] of Object.entries(report.methods)) {
  console.log(
    id,
    Object.entries(m)
      .filter(([key]) => !key.startsWith('fusion'))
      .map(([key, s]) => `${key} ${s.mean}±${s.sd}`)
      .join(' · '),
  )
}
