import sharp from 'sharp'
import { AppError } from '../errors.ts'
import type { Box } from '../vision/boxes.ts'
import type { NormalisedPhoto, PeopleInPhoto } from './photo-format.ts'

export type { PeopleInPhoto } from './photo-format.ts'

/** Person boxes are grown by this fraction of their size on each side: detector boxes clip hair, ears and hands. */
export const PERSON_MASK_MARGIN = 0.08
/** A photo that would be more than this fraction mask is refused: what is left is a person, not a pet. */
export const MAX_MASKED_FRACTION = 0.5
const MASK_GREY = 128

interface PixelRect {
  x0: number
  y0: number
  x1: number
  y1: number
}

function toPixels(box: Box, width: number, height: number, margin: number): PixelRect {
  const clip = (v: number, size: number) => Math.min(size, Math.max(0, Math.round(v * size)))
  const mx = box.width * margin
  const my = box.height * margin
  return {
    x0: clip(box.x - mx, width),
    y0: clip(box.y - my, height),
    x1: clip(box.x + box.width + mx, width),
    y1: clip(box.y + box.height + my, height),
  }
}

const inside = (r: PixelRect, x: number, y: number) => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1

/** Pure: paints every person (grown by the margin) solid grey outside the pets' boxes; returns how many pixels it painted. */
export function paintPeople(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  found: PeopleInPhoto,
): number {
  const keep = found.petBoxes.map((b) => toPixels(b, width, height, 0))
  const masked = new Uint8Array(width * height)
  let painted = 0
  for (const person of found.people) {
    const r = toPixels(person, width, height, PERSON_MASK_MARGIN)
    for (let y = r.y0; y < r.y1; y++)
      for (let x = r.x0; x < r.x1; x++) {
        const i = y * width + x
        if (masked[i] || keep.some((k) => inside(k, x, y))) continue
        masked[i] = 1
        painted++
        data.fill(MASK_GREY, i * channels, i * channels + Math.min(3, channels))
      }
  }
  return painted
}

/**
 * The copy of a lost or found pet photo that may be stored and shown: people masked with a solid fill (never
 * blurred: a blur can be undone or still identify), re-encoded without metadata. Refused when most of it is a person.
 */
export async function publishablePhoto(
  photo: NormalisedPhoto,
  found: PeopleInPhoto,
  label = 'photo',
): Promise<NormalisedPhoto> {
  if (!found.people.length) return photo
  const { data, info } = await sharp(photo.data).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const painted = paintPeople(data, info.width, info.height, info.channels, found)
  if (painted > MAX_MASKED_FRACTION * info.width * info.height)
    throw new AppError('UNPROCESSABLE', `${label}: a person is the main subject; send a photo of the pet`)
  if (!painted) return photo
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: 85 })
    .toBuffer()
  return { data: jpeg, contentType: 'image/jpeg', width: info.width, height: info.height }
}
