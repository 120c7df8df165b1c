import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

/**
 * A recorded Frigate event, rebuilt from a real photo: the animal walks in from the left edge of a
 * 640×480 yard over a few frames, as a camera sees it, with the metadata Frigate would publish for
 * each snapshot (box in detect pixels, area, score). Frame 0 is what the old agent embedded.
 */
export const SHARED_DATA = path.resolve(import.meta.dirname, '../../../../shared/data')
export const hasSharedData = existsSync(path.join(SHARED_DATA, 'pets/labels.csv'))

export const FRAME_W = 640
export const FRAME_H = 480

export interface RecordedFrame {
  readonly jpeg: Buffer
  /** Frigate's snapshot fields for this frame. */
  readonly box: [number, number, number, number]
  readonly area: number
  readonly score: number
  /** Seconds after the event's start. */
  readonly at: number
}

/** How far into the frame the animal is in each snapshot Frigate picks: 30 % visible at the edge, then whole. */
export const ENTRY = [0.3, 0.6, 1] as const

export async function photosOf(set: 'dog' | 'cat' | 'people' | 'negatives', n: number, offset = 0): Promise<string[]> {
  const dir = set === 'dog' || set === 'cat' ? 'pets' : set
  const lines = (await fs.readFile(path.join(SHARED_DATA, dir, 'labels.csv'), 'utf8')).trim().split('\n').slice(1)
  const wanted = lines.filter((l) =>
    set === 'dog' || set === 'cat' ? l.includes('/breeds/') && l.split(',')[1]!.startsWith(`${set}:`) : true,
  )
  const step = Math.max(1, Math.floor(wanted.length / n))
  return wanted
    .filter((_, i) => i % step === offset % step)
    .slice(0, n)
    .map((l) => path.join(SHARED_DATA, l.split(',')[0]!))
}

/** The yard behind the animal: a real photo without pets, blurred a little like a camera's background. */
export const yard = async (file: string) =>
  sharp(file).resize(FRAME_W, FRAME_H, { fit: 'cover' }).blur(1.2).removeAlpha().toBuffer()

export async function enteringEvent(
  animalFile: string,
  background: Buffer,
  entry: readonly number[] = ENTRY,
): Promise<RecordedFrame[]> {
  const animal = await sharp(animalFile)
    .resize({ height: 300, width: 400, fit: 'inside' })
    .removeAlpha()
    .toBuffer({ resolveWithObject: true })
  const { width: w, height: h } = animal.info
  const top = FRAME_H - h - 40
  const frames: RecordedFrame[] = []
  for (const [k, visible] of entry.entries()) {
    const left = visible < 1 ? -Math.round(w * (1 - visible)) : Math.round((FRAME_W - w) / 2)
    const cropLeft = Math.max(0, -left)
    const piece = await sharp(animal.data)
      .extract({ left: cropLeft, top: 0, width: w - cropLeft, height: h })
      .toBuffer()
    const x1 = Math.max(0, left)
    const x2 = Math.min(FRAME_W - 1, left + w)
    const jpeg = await sharp(background)
      .composite([{ input: piece, left: x1, top }])
      .jpeg({ quality: 85 })
      .toBuffer()
    const box: [number, number, number, number] = [x1, top, x2, top + h]
    frames.push({ jpeg, box, area: (x2 - x1) * h, score: Math.round((0.55 + 0.35 * visible) * 100) / 100, at: 0.4 * k })
  }
  return frames
}

/** The `after` object Frigate publishes for an event showing `frame` as its snapshot. */
export function frigateAfter(
  id: string,
  camera: string,
  label: string,
  start: number,
  frame: RecordedFrame,
  over: Record<string, unknown> = {},
) {
  return {
    id,
    camera,
    label,
    sub_label: null,
    frame_time: start + frame.at,
    score: frame.score,
    top_score: frame.score,
    false_positive: false,
    start_time: start,
    end_time: null,
    box: frame.box,
    area: frame.area,
    region: [0, 0, FRAME_W, FRAME_H],
    current_zones: ['yard'],
    entered_zones: ['yard'],
    thumbnail: null,
    has_snapshot: false,
    has_clip: false,
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 1,
    attributes: {},
    current_attributes: [],
    snapshot: {
      frame_time: start + frame.at,
      box: frame.box,
      area: frame.area,
      region: [0, 0, FRAME_W, FRAME_H],
      score: frame.score,
      attributes: [],
    },
    ...over,
  }
}
