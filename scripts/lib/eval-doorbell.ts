// The doorbell-view benchmark: pets pasted into the folder's empty scenes at 24–192 px tall, seen through a
// fisheye lens by day, in IR and at night, run through the whole pipeline (detector, people rules, pet check,
// embedding). Detection recall per size and condition from the breed photos; identity R@1 from the dog photos.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { iou, WHOLE_IMAGE } from '../../src/vision/boxes.ts'
import { decodeImage, type RgbImage } from '../../src/vision/image.ts'
import type { VisionPipeline } from '../../src/vision/index.ts'
import { dot } from '../../src/vision/vector.ts'
import { type Condition, CONDITIONS, doorbellFrame, ellipseCutout, type RgbaImage, toFrame } from './composite.ts'
import { type Dataset, type LabelledImage, seededRandom, shuffled } from './data.ts'

export const DOORBELL_HEIGHTS = [24, 48, 96, 192] as const
const RECALL_GOAL = 0.9
const MIN_IOU = 0.3

export interface DoorbellOptions {
  readonly pets: number
  readonly identityPhotos: number
  readonly exclude: ReadonlySet<string>
  /** A subset of the sizes and conditions (all by default). */
  readonly heights?: readonly number[]
  readonly conditions?: readonly Condition[]
}

const isScene = (r: LabelledImage) => !/animal|person|people/.test(r.label) && !r.path.includes('/wild_')

export async function doorbellFigures(dataset: Dataset, pipeline: VisionPipeline, options: DoorbellOptions) {
  const decode = async (path: string) => decodeImage(await readFile(join(dataset.dir, path)))
  const scenes: RgbImage[] = []
  for (const r of dataset.negatives.filter(isScene)) scenes.push(await toFrame(await decode(r.path)))
  if (scenes.length === 0) return { skipped: 'no empty scenes to paste pets into' }
  const random = seededRandom(14)

  // A pet whose box the pipeline finds (IoU ≥ 0.3 with where it was pasted) counts as detected.
  async function seen(frame: Awaited<ReturnType<typeof doorbellFrame>>) {
    if (!frame.box) return undefined
    const analysis = await pipeline.analyze(frame.image)
    return analysis.pets.find((p) => iou(p.box, frame.box!) >= MIN_IOU)
  }

  // Detection: the pet region of breed photos (the pipeline's own best box, ellipse-cut) pasted at each size.
  const detectionPets: RgbaImage[] = []
  for (const r of shuffled(dataset.breeds, random).slice(0, options.pets)) {
    const image = await decode(r.path)
    const best = (await pipeline.analyze(image)).pets[0]
    if (best) detectionPets.push(ellipseCutout(image, best.box))
  }
  const heights = options.heights ?? DOORBELL_HEIGHTS
  const conditions = options.conditions ?? CONDITIONS
  const recall: Record<string, Record<string, number>> = {}
  for (const condition of conditions) {
    recall[condition] = {}
    for (const height of heights) {
      let found = 0
      for (const [i, pet] of detectionPets.entries()) {
        if (await seen(await doorbellFrame(scenes[i % scenes.length]!, pet, height, condition, i * 7 + height))) found++
      }
      recall[condition]![height] = round(found / Math.max(1, detectionPets.length))
    }
  }

  // Identity: held-out dog photos pasted at each size; the embedding of the box found queries the clean
  // photos (embedded whole, as lost-pet photos are) of all held-out dogs but itself. A miss counts as wrong.
  const rows =
    options.identityPhotos > 0
      ? shuffled(
          dataset.identity.filter((r) => !options.exclude.has(r.label)),
          random,
        )
      : []
  const byLabel = new Map<string, LabelledImage[]>()
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r])
  const gallery = rows.filter((r) => (byLabel.get(r.label)?.length ?? 0) >= 2)
  const galleryImages = await Promise.all(gallery.map((r) => decode(r.path)))
  const galleryEmbeddings = await Promise.all(galleryImages.map((img) => pipeline.embed(img)))
  const queries = gallery.slice(0, options.identityPhotos)
  const identity: Record<string, Record<string, { r1: number; detected: number }>> = {}
  for (const condition of queries.length ? conditions : []) {
    identity[condition] = {}
    for (const height of heights) {
      let hits = 0,
        detected = 0
      for (const [qi, q] of queries.entries()) {
        const cut = ellipseCutout(galleryImages[qi]!, WHOLE_IMAGE)
        const pet = await seen(
          await doorbellFrame(scenes[qi % scenes.length]!, cut, height, condition, qi * 11 + height),
        )
        if (!pet) continue
        detected++
        let best = -Infinity,
          bestLabel = ''
        galleryEmbeddings.forEach((g, gi) => {
          if (gi === qi) return
          const sim = dot(pet.embedding, g)
          if (sim > best) {
            best = sim
            bestLabel = gallery[gi]!.label
          }
        })
        if (bestLabel === q.label) hits++
      }
      identity[condition]![height] = {
        r1: round(hits / Math.max(1, queries.length)),
        detected: round(detected / Math.max(1, queries.length)),
      }
    }
  }

  const smallest = (condition: Condition) =>
    heights.find((h, i) => heights.slice(i).every((hh) => (recall[condition]?.[hh] ?? 0) >= RECALL_GOAL)) ?? null
  return {
    method:
      "pets cut out (soft ellipse around the detected box) and pasted into the folder's empty scenes, resized to 640×480; barrel (fisheye) distortion k = 0.35; IR = grey ×1.3 contrast, night = ¼ brightness + noise; whole pipeline with default thresholds; found = a pet box with IoU ≥ 0.3",
    heights_px: heights,
    scenes: scenes.length,
    detection_pets: detectionPets.length,
    identity_queries: queries.length,
    identity_gallery: gallery.length,
    detection_recall: recall,
    identity_r1: identity,
    smallest_height_recall_0_9: Object.fromEntries(conditions.map((c) => [c, smallest(c)])),
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000
