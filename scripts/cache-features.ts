/**
 * Fills the feature cache (reports/cache/) that train-embedder.ts and eval.ts read, so the slow frozen
 * backbone and detector run once per image. Usage: node --import tsx scripts/cache-features.ts [--data DIR] [--model ID]
 */
import { parseArgs } from 'node:util'
import { loadDataset } from './lib/data.ts'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { TRAIN_AUGMENTATIONS, trainingSplit } from './lib/split.ts'

const { values } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' }, model: { type: 'string', default: DEFAULT_EMBEDDING_MODEL_ID } },
})
const dataset = loadDataset(values.data)
const cache = await FeatureCache.open(values.data, featureSettingsOf(findEmbeddingModel(values.model)))
const split = trainingSplit(dataset)
const augs = Array.from({ length: TRAIN_AUGMENTATIONS }, (_, i) => `aug${i}` as Variant)
const started = performance.now()
const log = (msg: string) => console.log(`${((performance.now() - started) / 1000).toFixed(0)}s ${msg}`)

for (const [i, r] of [...dataset.negatives, ...dataset.people].entries()) {
  await cache.detections(r.path)
  await cache.feature(r.path, 'whole')
  if (i % 10 === 0) log(`scenes ${i}`)
}
for (const [i, r] of dataset.breeds.entries()) {
  await cache.feature(r.path, 'crop')
  await cache.feature(r.path, 'whole')
  if (split.breeds.train.includes(r.label)) for (const v of augs.slice(0, 2)) await cache.feature(r.path, v, i)
  if (i % 20 === 0) log(`breeds ${i}/${dataset.breeds.length}`)
}
for (const [i, r] of dataset.identity.entries()) {
  await cache.feature(r.path, 'whole')
  const variants: Variant[] = split.identity.train.includes(r.label) ? augs : ['ir', 'lowlight', 'blur', 'occluded']
  for (const v of variants) await cache.feature(r.path, v, i)
  if (i % 50 === 0) log(`identity ${i}/${dataset.identity.length}`)
}
await cache.save()
log('done')
