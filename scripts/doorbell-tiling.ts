/**
 * Detector tiling (DetectOptions.tiles) on the doorbell-view benchmark, side by side: detection recall per
 * pet size and condition through the whole pipeline (people rules, pet check), the pets it finds in frames
 * that hold none (empty scenes, people photos, wild animals), and the time per frame.
 *   node --import tsx scripts/doorbell-tiling.ts [-- --data DIR --modes off,adaptive,always --pets 38 --identity 0 --heights 24,48,96,192 --conditions day,ir,night --no-negatives]
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { DetectOptions } from '../src/vision/detect.ts'
import { decodeImage } from '../src/vision/image.ts'
import { createVisionPipeline } from '../src/vision/index.ts'
import type { Condition } from './lib/composite.ts'
import { loadDataset } from './lib/data.ts'
import { doorbellFigures } from './lib/eval-doorbell.ts'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    modes: { type: 'string', default: 'off,adaptive,always' },
    pets: { type: 'string', default: '38' },
    identity: { type: 'string', default: '0' },
    heights: { type: 'string', default: '24,48,96,192' },
    conditions: { type: 'string', default: 'day,ir,night' },
    // Skip the pet-free files (empty scenes, people, wild animals).
    'no-negatives': { type: 'boolean', default: false },
    out: { type: 'string', default: 'reports/doorbell-tiling.json' },
  },
})
const dataset = loadDataset(values.data)
const report: Record<string, unknown> = {}
for (const mode of values.modes.split(',') as NonNullable<DetectOptions['tiles']>[]) {
  const pipeline = await createVisionPipeline({ analyze: { tiles: mode } })
  const started = performance.now()
  const figures = await doorbellFigures(dataset, pipeline, {
    pets: Number(values.pets),
    identityPhotos: Number(values.identity),
    exclude: new Set(),
    heights: values.heights.split(',').map(Number),
    conditions: values.conditions.split(',') as Condition[],
  })
  const doorbellSeconds = (performance.now() - started) / 1000
  // Frames with no pet in them: any pet found is a false one (wild animals: a false sighting).
  const falsePets: Record<string, string[]> = { scene: [], person: [], wild: [] }
  const times: number[] = []
  for (const r of values['no-negatives'] ? [] : [...dataset.negatives, ...dataset.people]) {
    const kind = r.path.startsWith('people/') ? 'person' : /animal/.test(r.label) ? 'wild' : 'scene'
    const image = await decodeImage(await readFile(join(dataset.dir, r.path)))
    const t0 = performance.now()
    const analysis = await pipeline.analyze(image)
    times.push(performance.now() - t0)
    if (analysis.pets.length > 0) falsePets[kind]!.push(r.path)
  }
  times.sort((a, b) => a - b)
  const counts = { scene: 0, person: 0, wild: 0 }
  for (const r of [...dataset.negatives, ...dataset.people])
    counts[r.path.startsWith('people/') ? 'person' : /animal/.test(r.label) ? 'wild' : 'scene']++
  report[mode] = {
    ...figures,
    doorbell_seconds: Math.round(doorbellSeconds),
    false_pets: Object.fromEntries(
      Object.entries(falsePets).map(([k, v]) => [
        k,
        { found: v.length, of: counts[k as keyof typeof counts], files: v },
      ]),
    ),
    analyze_ms_p50_pet_free_frames: Math.round(times[Math.floor(times.length / 2)] ?? 0),
  }
  console.log(
    mode,
    JSON.stringify((figures as { detection_recall?: unknown }).detection_recall),
    JSON.stringify(Object.fromEntries(Object.entries(falsePets).map(([k, v]) => [k, v.length]))),
  )
  await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
}
