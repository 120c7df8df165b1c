/**
 * Fills the feature cache (reports/cache/) that train-embedder.ts and eval.ts read, so the slow frozen
 * backbone and detector run once per image.
 *   node --import tsx scripts/cache-features.ts [--data DIR] [--model ID] [--all]
 * `--all` caches what identity-disjoint cross-validation (scripts/cross-validate.ts) needs: every photo's
 * training augmentations and degraded copies (not only the fixed split's), and camera-augmented pet crops
 * of the breed photos and negative scenes for the pet-or-other-animal check. `--eval-only` (with `--all`)
 * caches only what scoring a model needs (clean and degraded photos, pet crops), not training copies.
 */
import { parseArgs } from 'node:util'
import { loadDataset } from './lib/data.ts'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { TRAIN_AUGMENTATIONS, trainingSplit } from './lib/split.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    model: { type: 'string', default: DEFAULT_EMBEDDING_MODEL_ID },
    all: { type: 'boolean', default: false },
    'eval-only': { type: 'boolean', default: false },
    // Only identity photos [from, to): two processes can fill two cache folders side by side (merge after).
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: '100000' },
    'cache-dir': { type: 'string', default: 'reports/cache' },
    // Only these variants of the identity photos, one variant over all photos at a time (test-time-cv.ts).
    variants: { type: 'string', default: '' },
    // With --variants: only the identity photos of dogs homeward-pet-embed-v1's head never saw (its held-out split).
    'v1-held-out': { type: 'boolean', default: false },
  },
})
const dataset = loadDataset(values.data)
const cache = await FeatureCache.open(
  values.data,
  featureSettingsOf(findEmbeddingModel(values.model)),
  {},
  values['cache-dir'],
)
const started = performance.now()
const log = (msg: string) => console.log(`${((performance.now() - started) / 1000).toFixed(0)}s ${msg}`)
// `--variants step,step…`: one step over all its photos at a time, saved after each, so a partial run is usable.
// A step is `<variant>` (identity photos), `<part>:<variant>` (part: identity, breeds, negatives, people) or `<part>:detections`.
if (values.variants) {
  const heldOut = new Set(trainingSplit(dataset).identity.test)
  const parts = {
    identity: dataset.identity,
    breeds: dataset.breeds,
    negatives: dataset.negatives,
    people: dataset.people,
  }
  for (const step of values.variants.split(',')) {
    const [part, variant] = step.includes(':')
      ? (step.split(':') as [keyof typeof parts, string])
      : ['identity' as const, step]
    for (const [i, r] of parts[part].entries()) {
      if (values['v1-held-out'] && part === 'identity' && !heldOut.has(r.label)) continue
      if (variant === 'detections') await cache.detections(r.path)
      else await cache.feature(r.path, variant as Variant, i)
    }
    await cache.save()
    log(`${step} done`)
  }
  process.exit(0)
}
const identityOnly = values.from !== '0'
const split = trainingSplit(dataset)
const augs = Array.from({ length: TRAIN_AUGMENTATIONS }, (_, i) => `aug${i}` as Variant)
const degraded: Variant[] = ['ir', 'lowlight', 'blur', 'occluded']
// Camera-augmented copies: 2 per dog photo, 2 per breed photo's pet crop, 4 per negative scene (they are few).
const cams: Variant[] = ['cam0', 'cam1']
const cropCams = values['eval-only'] ? [] : Array.from({ length: 4 }, (_, i) => `cropcam${i}` as Variant)
const training = !values['eval-only']

for (const [i, r] of identityOnly ? [] : [...dataset.negatives, ...dataset.people].entries()) {
  await cache.detections(r.path)
  await cache.feature(r.path, 'whole')
  if (values.all) {
    await cache.feature(r.path, 'crop')
    if (r.path.startsWith('negatives/')) for (const v of cropCams) await cache.feature(r.path, v, i)
  }
  if (i % 10 === 0) log(`scenes ${i}`)
}
for (const [i, r] of identityOnly ? [] : dataset.breeds.entries()) {
  await cache.feature(r.path, 'crop')
  await cache.feature(r.path, 'whole')
  if (training && (values.all || split.breeds.train.includes(r.label)))
    for (const v of augs.slice(0, 2)) await cache.feature(r.path, v, i)
  if (values.all) for (const v of cropCams.slice(0, 2)) await cache.feature(r.path, v, i)
  if (i % 20 === 0) log(`breeds ${i}/${dataset.breeds.length}`)
}
for (const [i, r] of dataset.identity.entries()) {
  if (i < Number(values.from) || i >= Number(values.to)) continue
  await cache.feature(r.path, 'whole')
  const variants: Variant[] = values.all
    ? [...(training ? [...augs, ...cams] : []), ...degraded]
    : split.identity.train.includes(r.label)
      ? augs
      : degraded
  for (const v of variants) await cache.feature(r.path, v, i)
  if (i % 50 === 0) log(`identity ${i}/${dataset.identity.length}`)
}
await cache.save()
log('done')
