/**
 * The covert channel in embeddings (issue #20), measured: payload bits per value and per sighting before and after
 * the server's quantization (src/contracts/sighting-format.ts), and what the quantization does to matching, on real
 * embeddings of pet photos from ../shared/data/pets/identity. Prints JSON.
 *   npm run measure:quantization [-- --data ../shared/data --photos 50]
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CALIBRATED_MIN_SIMILARITY } from '../src/matches/thresholds.ts'
import { EMBEDDING_GRID, quantizeEmbedding } from '../src/contracts/sighting-format.ts'
import { cosineSimilarity, createVisionPipeline } from '../src/vision/index.ts'
import { bitsPerValue, float16ValuesWithinOne, gridValues, toFloat16 } from './lib/embedding-capacity.ts'
import { loadDataset } from './lib/data.ts'

const { values: args } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' }, photos: { type: 'string', default: '50' } },
})
const wanted = Number(args.photos)
const dataset = loadDataset(args.data)
// Whole identities in name order until `wanted` photos: every photo has others of the same dog to be ranked against.
const rows = []
for (const label of [...new Set(dataset.identity.map((r) => r.label))].sort()) {
  if (rows.length >= wanted) break
  rows.push(...dataset.identity.filter((r) => r.label === label))
}
const photos = rows.slice(0, wanted)
const vision = await createVisionPipeline()
const embeddings: number[][] = []
for (const photo of photos) embeddings.push(Array.from(await vision.embed(await readFile(join(args.data, photo.path)))))
const labels = photos.map((p) => p.label)
const threshold = CALIBRATED_MIN_SIMILARITY[vision.modelId] ?? 0.5
const dimension = vision.dimension

const stored = (v: readonly number[]) => v.map(toFloat16) // what halfvec keeps, with or without quantization
const stats = (xs: number[]) => ({ max: Math.max(...xs), mean: xs.reduce((s, x) => s + x, 0) / xs.length })

/** A search photo (stored as computed) against a sighting (stored after `sighting`): what matching compares. */
function matchingFigures(sighting: (v: readonly number[]) => number[]) {
  const before = embeddings.map(stored)
  const after = embeddings.map((e) => stored(sighting(e)))
  const selfChange: number[] = []
  const pairChange: number[] = []
  let decisionsFlipped = 0
  let pairs = 0
  let nearestChanged = 0
  const nearestChangedGaps: number[] = [] // how close the top two were where the nearest changed: a near-tie or not
  let firstSameDogRankChanged = 0
  for (let q = 0; q < embeddings.length; q++) {
    selfChange.push(1 - cosineSimilarity(before[q]!, after[q]!))
    const ranked = (side: number[][]) => {
      const sims = side.map((s, i) => ({ i, sim: i === q ? -Infinity : cosineSimilarity(before[q]!, s) }))
      return sims.sort((a, b) => b.sim - a.sim).map((s) => s.i)
    }
    for (let i = 0; i < embeddings.length; i++) {
      if (i === q) continue
      const a = cosineSimilarity(before[q]!, before[i]!)
      const b = cosineSimilarity(before[q]!, after[i]!)
      pairChange.push(Math.abs(a - b))
      pairs++
      if (a >= threshold !== b >= threshold) decisionsFlipped++
    }
    const rb = ranked(before)
    const ra = ranked(after)
    if (rb[0] !== ra[0]) {
      nearestChanged++
      nearestChangedGaps.push(
        cosineSimilarity(before[q]!, before[rb[0]!]!) - cosineSimilarity(before[q]!, before[rb[1]!]!),
      )
    }
    const firstSame = (r: number[]) => r.findIndex((i) => labels[i] === labels[q])
    if (firstSame(rb) !== firstSame(ra)) firstSameDogRankChanged++
  }
  return {
    selfCosineChange: stats(selfChange),
    pairSimilarityChange: stats(pairChange),
    pairs,
    decisionsFlippedAtThreshold: decisionsFlipped,
    nearestNeighbourChanged: nearestChanged,
    nearestChangedGaps,
    firstSameDogRankChanged,
  }
}

const capacity = (values: readonly number[]) => {
  const bits = bitsPerValue(values, dimension)
  return {
    bitsPerValue: Number(bits.toFixed(2)),
    bitsPerSighting: Math.round(bits * dimension),
    bytesPerSighting: Math.round((bits * dimension) / 8),
  }
}

const grids = [1 / 64, 1 / 128, 1 / 256, 1 / 512]
const report = {
  model: vision.modelId,
  dimension,
  photos: photos.length,
  dogs: new Set(labels).size,
  threshold,
  serverGrid: EMBEDDING_GRID,
  before: {
    storage: 'halfvec of the values as sent',
    capacity: capacity(float16ValuesWithinOne()),
    matching: matchingFigures((v) => [...v]),
  },
  grids: grids.map((grid) => ({
    grid,
    capacity: capacity(gridValues(grid)),
    matching: matchingFigures((v) => quantizeEmbedding(v, grid)),
  })),
}
console.log(JSON.stringify(report, null, 2))
