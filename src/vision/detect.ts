import type { DetectorModelInfo } from '../../models/registry.ts'
import { type Box, fromLetterbox, letterbox, nonMaxSuppression } from './boxes.ts'
import { cropImage, TILES, tileEdgeBox } from './tiles.ts'
import { COCO_LABELS } from './coco.ts'
import type { RgbImage } from './image.ts'
import { letterboxPixels } from './pixels.ts'
import type { GraphRunner } from './runtime.ts'

export type Species = 'dog' | 'cat' | 'person' | 'other'

export interface Detection {
  readonly species: Species
  /** COCO class name, e.g. 'dog', 'teddy bear'. */
  readonly label: string
  readonly box: Box
  readonly score: number
}

export interface DetectOptions {
  /** Minimum score per species; defaults come from the registry entry. */
  readonly thresholds?: Partial<DetectorModelInfo['thresholds']>
  /** Also run on the mirrored frame and pool the boxes: ~2× the time, finds some missed pets. */
  readonly flipTta?: boolean
  /** Boxes overlapping more than this (IoU) are the same object. */
  readonly maxIou?: number
  /**
   * Also run the detector on a 2×2 grid of overlapping tiles (each 60 % of the frame's width and height),
   * so small pets in a wide frame are seen at ~1.7× the scale: 'adaptive' only when the whole frame gave
   * no pet (4 more detector runs on such frames), 'always' on every frame, 'off' never.
   */
  readonly tiles?: 'off' | 'adaptive' | 'always'
}

export interface Detector {
  readonly info: DetectorModelInfo
  detect(image: RgbImage, options?: DetectOptions): Promise<Detection[]>
}

/** Defaults chosen by `npm run eval` (detection_curve); see models/README.md. */
export const DEFAULT_DETECT_OPTIONS: DetectOptions = { flipTta: false, maxIou: 0.5, tiles: 'off' }

const isPet = (species: Species) => species === 'dog' || species === 'cat'

/** The detector graph's rows: [x1, y1, x2, y2, score, class] in letterboxed input pixels, best first. */
const ROW = 6

export function createDetector(runner: GraphRunner, info: DetectorModelInfo, overrides: DetectOptions = {}): Detector {
  const defaults = { ...DEFAULT_DETECT_OPTIONS, ...overrides }
  const size = info.inputSize
  const speciesOf = (classId: number): Species =>
    classId === info.classIds.dog
      ? 'dog'
      : classId === info.classIds.cat
        ? 'cat'
        : classId === info.classIds.person
          ? 'person'
          : 'other'

  // Input buffers are reused (one per concurrent call): a camera analyses frame after frame.
  const spare: Float32Array<ArrayBuffer>[] = []

  async function run(image: RgbImage, flip: boolean): Promise<Detection[]> {
    const lb = letterbox(image.width, image.height, size)
    const input = letterboxPixels(image, lb, size, flip, spare.pop())
    const rows = await runner.run(input, [1, size, size, 3]).finally(() => spare.push(input))
    const out: Detection[] = []
    for (let i = 0; i + ROW <= rows.length; i += ROW) {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0, rawClass = -1] = rows.subarray(i, i + ROW)
      const classId = Math.round(rawClass)
      const box = flip ? fromLetterbox(lb, size - x2, y1, size - x1, y2) : fromLetterbox(lb, x1, y1, x2, y2)
      out.push({ species: speciesOf(classId), label: COCO_LABELS[classId] ?? 'unknown', box, score })
    }
    return out
  }

  return {
    info,
    async detect(image, options = {}) {
      const thresholds = { ...info.thresholds, ...defaults.thresholds, ...options.thresholds }
      const maxIou = options.maxIou ?? defaults.maxIou ?? 0.5
      const raw = await run(image, false)
      if (options.flipTta ?? defaults.flipTta ?? false) raw.push(...(await run(image, true)))
      const whole = filterDetections(raw, thresholds, maxIou)
      const tiles = options.tiles ?? defaults.tiles ?? 'off'
      if (tiles === 'off' || (tiles === 'adaptive' && whole.some((d) => isPet(d.species)))) return whole
      for (const tile of TILES) {
        // A box cut by the tile's inner edge is a part of something the frame or another tile sees whole.
        for (const d of await run(cropImage(image, tile), false)) {
          const box = tileEdgeBox(d.box, tile)
          if (box) raw.push({ ...d, box })
        }
      }
      return filterDetections(raw, thresholds, maxIou)
    },
  }
}

/**
 * Pure post-processing of raw detector rows: score thresholds, then NMS. A pet needs `pet` score when a
 * person is in the frame and only `petWithoutPeople` otherwise: low-confidence pets are accepted where
 * no person could be mistaken for one (see models/README.md for how both were chosen).
 */
export function filterDetections(
  raw: readonly Detection[],
  thresholds: DetectorModelInfo['thresholds'],
  maxIou = 0.5,
): Detection[] {
  const valid = raw.filter((d) => d.box.width > 0 && d.box.height > 0)
  const keep = (d: Detection) => d.score >= (d.species === 'person' ? thresholds.person : thresholds.other)
  const people = nonMaxSuppression(
    valid.filter((d) => d.species === 'person' && keep(d)),
    maxIou,
  )
  const petThreshold = people.length > 0 ? thresholds.pet : Math.min(thresholds.pet, thresholds.petWithoutPeople)
  // Dog and cat compete for the same animal (one box, the likelier species); other classes keep their own NMS.
  const pets = nonMaxSuppression(
    valid.filter((d) => isPet(d.species) && d.score >= petThreshold),
    maxIou,
  )
  const others = valid.filter((d) => d.species === 'other' && keep(d))
  const rest = [...new Set(others.map((d) => d.label))].flatMap((label) =>
    nonMaxSuppression(
      others.filter((d) => d.label === label),
      maxIou,
    ),
  )
  return [...pets, ...people, ...rest].sort((a, b) => b.score - a.score)
}
