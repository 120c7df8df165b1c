/**
 * Scores the vision pipeline on a data folder laid out like ../shared/data and writes JSON + a PNG chart.
 *   npm run eval [-- --data DIR --out FILE --runtime onnxruntime|tfjs --detector ID --doorbell-pets N --doorbell-identity N]
 * (defaults: ../shared/data, reports/eval.json, onnxruntime, the default detector). Every embedding model is
 * scored on crops from that one detector, each with its own crop preprocessing (exposure, mirror averaging).
 * Embedding figures only use identities and breeds that no evaluated head was trained on (read from
 * each head's `trainedOn`), so on ../shared/data they cover the held-out split, on new data everything.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadEmbeddingHead, MODELS_DIR } from '../models/loaders.ts'
import {
  DEFAULT_DETECTOR_MODEL_ID,
  DEFAULT_EMBEDDING_MODEL_ID,
  findDetectorModel,
  findEmbeddingModel,
  listEmbeddingModels,
} from '../models/registry.ts'
import { DEFAULT_DETECT_OPTIONS } from '../src/vision/detect.ts'
import { createVisionPipeline } from '../src/vision/index.ts'
import { loadPetCheck, petProbability } from '../src/vision/pet-check.ts'
import { renderThresholdChart } from './lib/chart.ts'
import { loadDataset } from './lib/data.ts'
import { detectionFigures, type PetFilter } from './lib/eval-detection.ts'
import { doorbellFigures } from './lib/eval-doorbell.ts'
import { embeddingFigures, MAX_FALSE_ALERT_RATE } from './lib/eval-embedding.ts'
import { FeatureCache, type FeatureSettings, featureSettingsOf } from './lib/features.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    out: { type: 'string', default: 'reports/eval.json' },
    runtime: { type: 'string', default: 'onnxruntime' },
    detector: { type: 'string', default: DEFAULT_DETECTOR_MODEL_ID },
    // Doorbell-view benchmark: breed photos pasted per size and condition, dog photos for identity (0 = skip).
    'doorbell-pets': { type: 'string', default: '40' },
    'doorbell-identity': { type: 'string', default: '60' },
    // Comma-separated embedding model ids to score (default: every registered one).
    models: { type: 'string', default: '' },
  },
})
if (values.runtime !== 'onnxruntime' && values.runtime !== 'tfjs')
  throw new Error(`--runtime must be onnxruntime or tfjs, not ${values.runtime}`)
const runtime = values.runtime
if (!existsSync(values.data)) throw new Error(`no data folder at ${values.data}`)
const started = performance.now()
const dataset = loadDataset(values.data)
const detector = findDetectorModel(values.detector)
if (!detector) throw new Error(`no detector ${values.detector} in the registry`)

// Labels any head was trained on are left out of every model's figures, so all compare on the same rows.
const wanted = values.models ? new Set(values.models.split(',')) : undefined
const models = await Promise.all(
  listEmbeddingModels()
    .filter((info) => !wanted || wanted.has(info.id))
    .map(async (info) => {
      if (!info.headFile || !existsSync(join(MODELS_DIR, info.headFile)))
        return { info, head: undefined, trainedOn: [] as string[] }
      const meta = JSON.parse(await readFile(join(MODELS_DIR, info.headFile), 'utf8')) as {
        trainedOn?: { identity?: string[]; breeds?: string[] }
      }
      return {
        info,
        head: await loadEmbeddingHead(info.headFile),
        trainedOn: [...(meta.trainedOn?.identity ?? []), ...(meta.trainedOn?.breeds ?? [])],
      }
    }),
)
const trainedOn = new Set(models.flatMap((m) => m.trainedOn))
const leftAfter = (rows: readonly { label: string }[]) =>
  new Set(rows.filter((r) => !trainedOn.has(r.label)).map((r) => r.label)).size
// A folder whose labels all collide with training labels cannot be split honestly: score it all and say so.
const exclude = leftAfter(dataset.identity) >= 2 && leftAfter(dataset.breeds) >= 2 ? trainedOn : new Set<string>()
if (exclude.size === 0 && trainedOn.size > 0)
  console.warn('every identity/breed label was used in training: scoring all rows')

// Features depend on the crop preprocessing, detections do not: one cache per preprocessing.
const caches = new Map<string, FeatureCache>()
const cacheFor = async (settings: FeatureSettings) => {
  const key = JSON.stringify(settings)
  const existing = caches.get(key)
  if (existing) return existing
  const opened = await FeatureCache.open(values.data, settings, { runtime })
  caches.set(key, opened)
  return opened
}
const perModel: Record<string, Awaited<ReturnType<typeof embeddingFigures>>> = {}
for (const m of models) {
  if (m.info.headFile && !m.head) {
    console.warn(`skipping ${m.info.id}: head not trained yet`)
    continue
  }
  perModel[m.info.id] = await embeddingFigures(
    dataset,
    await cacheFor(featureSettingsOf(m.info, detector.id)),
    m.head,
    exclude,
  )
  console.log(`${m.info.id}: identity R@1 ${perModel[m.info.id]?.identity.r1}`)
}

const flipTta = DEFAULT_DETECT_OPTIONS.flipTta ?? false
const cache = await cacheFor(featureSettingsOf(undefined, detector.id))
// The default model's pet check, applied to every selected pet box as analyze does (none: detector only).
const defaultInfo = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)
const petCheck = defaultInfo?.petCheckFile ? await loadPetCheck(defaultInfo.petCheckFile) : undefined
const checkCache = await cacheFor(featureSettingsOf(defaultInfo, detector.id))
const petFilter: PetFilter | undefined = petCheck
  ? async (path, pet) => petProbability(petCheck, await checkCache.petBoxFeature(path, pet.box)) >= petCheck.threshold
  : undefined
const detection = await detectionFigures(dataset, cache, detector.thresholds, flipTta, petFilter)
const detectorOnly = petCheck ? await detectionFigures(dataset, cache, detector.thresholds, flipTta) : detection
console.log(
  `detection: recall ${detection.recall}, wild animals as pets ${detection.wild_animals_as_pets.count}/${detection.wild_animals_as_pets.of} (detector alone ${detectorOnly.wild_animals_as_pets.count})`,
)

// The doorbell-view benchmark runs the real pipeline (default models) on composited camera frames.
const doorbell =
  values['doorbell-pets'] === '0'
    ? { skipped: 'disabled with --doorbell-pets 0' }
    : await (async () => {
        const pipeline = await createVisionPipeline({ runtime, detectorModelId: detector.id })
        const figures = await doorbellFigures(dataset, pipeline, {
          pets: Number(values['doorbell-pets']),
          identityPhotos: Number(values['doorbell-identity']),
          exclude,
        })
        console.log(`doorbell: ${JSON.stringify(figures.detection_recall ?? figures)}`)
        return figures
      })()
const detectionCurve = []
for (const pet of [0.2, 0.25, 0.3, 0.35]) {
  for (const petWithoutPeople of [0.1, 0.12, 0.15, 0.2, 0.25, 0.3].filter((t) => t <= pet)) {
    for (const flip of [false, true]) {
      const f = await detectionFigures(dataset, cache, { ...detector.thresholds, pet, petWithoutPeople }, flip)
      detectionCurve.push({
        pet,
        pet_without_people: petWithoutPeople,
        flip_tta: flip,
        recall: f.recall,
        false_positives: f.false_positives,
        people_embedded: f.people_embedded,
      })
    }
  }
}

const main = perModel[DEFAULT_EMBEDDING_MODEL_ID] ?? Object.values(perModel)[0]
const mainId = perModel[DEFAULT_EMBEDDING_MODEL_ID] ? DEFAULT_EMBEDDING_MODEL_ID : Object.keys(perModel)[0]
if (!main || !mainId) throw new Error('no embedding model could be evaluated')
const chart = values.out.replace(/\.json$/, '') + '-threshold.png'
await mkdir(dirname(values.out), { recursive: true })
await renderThresholdChart(
  chart,
  `${mainId}: false alerts vs. matches (held-out dogs)`,
  [
    {
      name: 'false alert rate (other dogs, animals, scenes)',
      colour: '#d62728',
      points: main.curve.map((p) => [p.threshold, p.false_alert_rate]),
    },
    { name: 'match rate (same dog)', colour: '#1f77b4', points: main.curve.map((p) => [p.threshold, p.match_rate]) },
  ],
  {
    x: main.threshold.similarity,
    label: `≤${MAX_FALSE_ALERT_RATE * 100} % false alerts: ${main.threshold.similarity.toFixed(3)}`,
  },
)

const report = {
  data: values.data,
  model_id: mainId,
  detector_id: detector.id,
  runtime,
  split: [...dataset.identity, ...dataset.breeds].every((r) => !trainedOn.has(r.label))
    ? 'all rows (no label of this folder was used in training)'
    : exclude.size > 0
      ? "held-out identities and breeds only (labels in the heads' trainedOn are excluded)"
      : 'all rows — WARNING: every label was also used in training, so embedding figures are optimistic',
  identity: main.identity,
  breeds: main.breeds,
  detection,
  detection_without_pet_check: petCheck
    ? {
        wild_animals_as_pets: detectorOnly.wild_animals_as_pets,
        recall: detectorOnly.recall,
        false_positives: detectorOnly.false_positives,
      }
    : undefined,
  pet_check: petCheck ? { id: petCheck.id, threshold: petCheck.threshold } : undefined,
  wild_animals_as_pets: detection.wild_animals_as_pets,
  people_embedded: detection.people_embedded,
  doorbell,
  threshold: main.threshold.similarity,
  threshold_detail: { ...main.threshold, model_id: mainId, max_false_alert_rate: MAX_FALSE_ALERT_RATE },
  sign_code: main.sign_code,
  robustness: main.robustness,
  models: Object.fromEntries(
    Object.entries(perModel).map(([id, m]) => [
      id,
      {
        identity: m.identity,
        breeds: m.breeds,
        threshold: m.threshold,
        sign_code: m.sign_code,
        robustness: m.robustness,
      },
    ]),
  ),
  detection_curve: detectionCurve,
  chart,
  seconds: Math.round((performance.now() - started) / 1000),
}
await Promise.all([...caches.values()].map((c) => c.save()))
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
console.log(JSON.stringify({ ...report, models: Object.keys(report.models), detection_curve: undefined }, null, 2))
