/**
 * Test-time choices for camera conditions, measured on dogs a head never saw: homeward-pet-embed-v1's head
 * on the 50 dogs of its held-out split (v2 was trained on every dog here, so only v1 can be scored honestly
 * without re-training; cross-validating v2's recipe needs ~10,000 backbone runs of training copies).
 * Queries (a photo under a condition) rank the clean photos of all 50 dogs but their own; figures are given
 * per part (5 parts of 10 dogs, by label) as mean ± sd, and the routing cut-offs are tuned on parts 0–1 only.
 *   node --import tsx scripts/test-time-eval.ts [-- --data DIR --cache-dir reports/cache-tt --out FILE]
 * Fill the cache first: scripts/cache-features.ts --v1-held-out --cache-dir reports/cache-tt --variants whole,ir,grey,…
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadEmbeddingHead } from '../models/loaders.ts'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { applyHead } from '../src/vision/embed.ts'
import { decodeImage } from '../src/vision/image.ts'
import { dot, l2Normalize } from '../src/vision/vector.ts'
import { infraredLike, lowLight, meanBrightness, meanSaturation } from './lib/augment.ts'
import { loadDataset } from './lib/data.ts'
import { FeatureCache, featureSettingsOf, type Variant } from './lib/features.ts'
import { labelFolds, summary } from './lib/folds.ts'
import { rateAtOrAbove, thresholdForFalseAlertRate } from './lib/metrics.ts'
import { trainingSplit } from './lib/split.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    'cache-dir': { type: 'string', default: 'reports/cache-tt' },
    out: { type: 'string', default: 'reports/test-time.json' },
  },
})
const dataset = loadDataset(values.data)
const cache = await FeatureCache.open(
  values.data,
  featureSettingsOf(findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)),
  {},
  values['cache-dir'],
)
const head = await loadEmbeddingHead('embed-head/homeward-pet-embed-v1.json')
const meta = JSON.parse(await readFile('models/embed-head/homeward-pet-embed-v1.json', 'utf8')) as {
  trainedOn: { identity: string[] }
}
const seen = new Set(meta.trainedOn.identity)
const heldOut = new Set(trainingSplit(dataset).identity.test)
const indexed = dataset.identity.map((r, i) => ({ ...r, i })).filter((r) => heldOut.has(r.label) && !seen.has(r.label))
const labels = indexed.map((r) => r.label)

const emb = new Map<Variant, Float32Array[]>()
for (const v of [
  'whole',
  'ir',
  'grey',
  'lowlight',
  'lowlight-dn',
  'whole-centre',
  'ir-centre',
  'lowlight-gamma',
  'dark',
  'blur',
  'blur7',
  'occluded',
] as Variant[]) {
  const feats = indexed.map((r) => cache.cached(r.path, v))
  if (feats.some((f) => !f)) {
    console.log(`${v}: not cached (${feats.filter(Boolean).length}/${feats.length}), skipped`)
    continue
  }
  emb.set(
    v,
    feats.map((f) => applyHead(head, f!)),
  )
}
const E = (v: Variant) => emb.get(v)
type Cond = 'whole' | 'ir' | 'lowlight' | 'blur' | 'occluded'
const CONDS: Cond[] = ['whole', 'ir', 'lowlight', 'blur', 'occluded']

// What a device can measure on a frame: colour saturation (IR ≈ 0) and brightness.
const measures: Record<'whole' | 'ir' | 'lowlight', { sat: number; bright: number }[]> = {
  whole: [],
  ir: [],
  lowlight: [],
}
for (const r of indexed) {
  const image = await decodeImage(await readFile(join(dataset.dir, r.path)))
  for (const [c, img] of [
    ['whole', image],
    ['ir', infraredLike(image)],
    ['lowlight', lowLight(image, r.i)],
  ] as const) {
    measures[c].push({ sat: meanSaturation(img), bright: meanBrightness(img) })
  }
}
const measureOf = (c: Cond, qi: number) =>
  c === 'whole' || c === 'ir' || c === 'lowlight' ? measures[c][qi]! : measures.whole[qi]!

const parts = labelFolds(labels, 5, 1, 1414).map((f) => f.test)
const tuneOn = new Set([...parts[0]!, ...parts[1]!])
const tune = indexed.map((_, qi) => qi).filter((qi) => tuneOn.has(labels[qi]!))
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
// Grey cut: halfway between the greyest clean photo's saturation kept above and IR's; dark cut likewise for brightness.
const satCut =
  (Math.max(...tune.map((qi) => measures.ir[qi]!.sat)) +
    sorted(tune.map((qi) => measures.whole[qi]!.sat))[Math.floor(tune.length * 0.02)]!) /
  2
const brightCut =
  (Math.max(...tune.map((qi) => measures.lowlight[qi]!.bright)) +
    sorted(tune.map((qi) => measures.whole[qi]!.bright))[Math.floor(tune.length * 0.02)]!) /
  2
const isGrey = (c: Cond, qi: number) => measureOf(c, qi).sat < satCut
const isDark = (c: Cond, qi: number) => measureOf(c, qi).bright < brightCut

/** An option: the query embeddings of photo qi under condition c, and the gallery embeddings of photo gi it is compared with (best of all pairs). */
interface Option {
  id: string
  needs: Variant[]
  query: (c: Cond, qi: number) => Float32Array[]
  gallery: (c: Cond, qi: number, gi: number) => Float32Array[]
}
const mean2 = (a: Float32Array, b: Float32Array) => l2Normalize(a.map((v, i) => v + (b[i] as number)))
const plainQuery = (c: Cond, qi: number) => [E(c)![qi]!]
const clean = (_c: Cond, _qi: number, gi: number) => [E('whole')![gi]!]
const lowFixed = (v: Variant) => (c: Cond, qi: number) =>
  c === 'lowlight' && isDark(c, qi) ? [E(v)![qi]!] : plainQuery(c, qi)
const options: Option[] = [
  { id: 'baseline', needs: [], query: plainQuery, gallery: clean },
  {
    id: 'gallery best-of clean+grey',
    needs: ['grey'],
    query: plainQuery,
    gallery: (_c, _q, gi) => [E('whole')![gi]!, E('grey')![gi]!],
  },
  {
    id: 'grey sighting → grey gallery',
    needs: ['grey'],
    query: plainQuery,
    gallery: (c, qi, gi) => [E(isGrey(c, qi) ? 'grey' : 'whole')![gi]!],
  },
  {
    id: 'grey sighting → best-of clean+grey',
    needs: ['grey'],
    query: plainQuery,
    gallery: (c, qi, gi) => (isGrey(c, qi) ? [E('whole')![gi]!, E('grey')![gi]!] : [E('whole')![gi]!]),
  },
  { id: 'dark sighting denoised', needs: ['lowlight-dn'], query: lowFixed('lowlight-dn'), gallery: clean },
  {
    id: 'dark sighting denoised + gamma',
    needs: ['lowlight-gamma'],
    query: lowFixed('lowlight-gamma'),
    gallery: clean,
  },
  {
    id: 'dark sighting → best-of clean+dark',
    needs: ['dark'],
    query: plainQuery,
    gallery: (c, qi, gi) => (isDark(c, qi) ? [E('whole')![gi]!, E('dark')![gi]!] : [E('whole')![gi]!]),
  },
  {
    id: 'gallery best-of clean+blur7',
    needs: ['blur7'],
    query: plainQuery,
    gallery: (_c, _q, gi) => [E('whole')![gi]!, E('blur7')![gi]!],
  },
  {
    id: 'multi-crop full+centre (clean, IR)',
    needs: ['whole-centre', 'ir-centre'],
    query: (c, qi) => (c === 'whole' || c === 'ir' ? [mean2(E(c)![qi]!, E(`${c}-centre`)![qi]!)] : plainQuery(c, qi)),
    gallery: (_c, _q, gi) => [mean2(E('whole')![gi]!, E('whole-centre')![gi]!)],
  },
  {
    id: 'grey→grey gallery + dark denoised',
    needs: ['grey', 'lowlight-dn'],
    query: lowFixed('lowlight-dn'),
    gallery: (c, qi, gi) => [E(isGrey(c, qi) ? 'grey' : 'whole')![gi]!],
  },
]

const sim = (o: Option, c: Cond, qi: number, gi: number) => {
  let best = -Infinity
  for (const q of o.query(c, qi)) for (const g of o.gallery(c, qi, gi)) best = Math.max(best, dot(q, g))
  return best
}

const report: Record<string, unknown> = {
  heldOutDogs: new Set(labels).size,
  photos: labels.length,
  satCut,
  brightCut,
  routed: {} as Record<string, number>,
}
for (const c of ['whole', 'ir', 'lowlight'] as const) {
  ;(report.routed as Record<string, number>)[`${c}_as_grey`] =
    labels.filter((_, qi) => !tuneOn.has(labels[qi]!) && isGrey(c, qi)).length /
    labels.filter((l) => !tuneOn.has(l)).length
  ;(report.routed as Record<string, number>)[`${c}_as_dark`] =
    labels.filter((_, qi) => !tuneOn.has(labels[qi]!) && isDark(c, qi)).length /
    labels.filter((l) => !tuneOn.has(l)).length
}
const results: Record<string, Record<string, unknown>> = {}
for (const o of options) {
  if (o.needs.some((v) => !E(v)) || !E('whole')) continue
  const figures: Record<string, unknown> = {}
  const impostor: Record<Cond, number[]> = { whole: [], ir: [], lowlight: [], blur: [], occluded: [] }
  const genuine: Record<Cond, number[]> = { whole: [], ir: [], lowlight: [], blur: [], occluded: [] }
  for (const c of CONDS) {
    if (!E(c)) continue
    const perPart = parts.map((part) => {
      let hits = 0,
        hits5 = 0,
        n = 0
      labels.forEach((l, qi) => {
        if (!part.has(l)) return
        const ranked = labels
          .map((gl, gi) => ({ gl, s: gi === qi ? -Infinity : sim(o, c, qi, gi) }))
          .filter((_, gi) => gi !== qi)
          .sort((a, b) => b.s - a.s)
        if (!ranked.some((r) => r.gl === l)) return
        n++
        if (ranked[0]!.gl === l) hits++
        if (ranked.slice(0, 5).some((r) => r.gl === l)) hits5++
        for (const r of ranked) (r.gl === l ? genuine : impostor)[c].push(r.s)
      })
      return { r1: hits / Math.max(1, n), r5: hits5 / Math.max(1, n) }
    })
    figures[`${c}_r1`] = summary(perPart.map((p) => p.r1))
    if (c === 'whole') figures.whole_r5 = summary(perPart.map((p) => p.r5))
  }
  // ≤ 1 % of other-dog pairs alert, calibrated on clean sightings (as matching is); then what each condition does at it.
  const t = thresholdForFalseAlertRate(impostor.whole, 0.01)
  figures.threshold_1pct_clean = Math.round(t * 1000) / 1000
  for (const c of CONDS) {
    if (!genuine[c].length) continue
    figures[`${c}_match_rate`] = Math.round(rateAtOrAbove(genuine[c], t) * 1000) / 1000
    figures[`${c}_false_alert_rate`] = Math.round(rateAtOrAbove(impostor[c], t) * 10000) / 10000
  }
  results[o.id] = figures
  console.log(
    o.id,
    Object.entries(figures)
      .map(
        ([k, v]) => `${k} ${typeof v === 'object' ? `${(v as { mean: number }).mean}±${(v as { sd: number }).sd}` : v}`,
      )
      .join(' · '),
  )
}
await writeFile(values.out, `${JSON.stringify({ ...report, options: results }, null, 2)}\n`)
