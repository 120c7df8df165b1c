// Camera-like scenes made from evaluation photos: a pet (or a wild animal) pasted into a background at a
// given pixel height, then a doorbell's fisheye lens, IR or night noise. Used by the doorbell-view benchmark.
import sharp from 'sharp'
import type { Box } from '../../src/vision/boxes.ts'
import type { RgbImage } from '../../src/vision/image.ts'
import { infraredLike, lowLight } from './augment.ts'
import { seededRandom } from './data.ts'

/** RGB plus an alpha channel (0–255), as sharp's raw RGBA output. */
export interface RgbaImage {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export const FRAME = { width: 640, height: 480 } as const

export async function toFrame(image: RgbImage): Promise<RgbImage> {
  const { data, info } = await sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(FRAME.width, FRAME.height, { fit: 'cover' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data), width: info.width, height: info.height }
}

/** The pixels inside `box` with a soft elliptical alpha: a cut-out without a segmentation mask. */
export function ellipseCutout(image: RgbImage, box: Box): RgbaImage {
  const x0 = Math.max(0, Math.floor(box.x * image.width)),
    y0 = Math.max(0, Math.floor(box.y * image.height))
  const w = Math.max(1, Math.min(image.width - x0, Math.round(box.width * image.width)))
  const h = Math.max(1, Math.min(image.height - y0, Math.round(box.height * image.height)))
  const data = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = ((x + 0.5) / w) * 2 - 1,
        dy = ((y + 0.5) / h) * 2 - 1
      const d = Math.sqrt(dx * dx + dy * dy)
      const from = ((y0 + y) * image.width + x0 + x) * 3,
        to = (y * w + x) * 4
      data[to] = image.data[from] ?? 0
      data[to + 1] = image.data[from + 1] ?? 0
      data[to + 2] = image.data[from + 2] ?? 0
      data[to + 3] = Math.round(255 * Math.min(1, Math.max(0, (1.08 - d) / 0.18)))
    }
  }
  return { data, width: w, height: h }
}

export async function resizeRgba(image: RgbaImage, height: number): Promise<RgbaImage> {
  const width = Math.max(1, Math.round((image.width * height) / image.height))
  const { data, info } = await sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data), width: info.width, height: info.height }
}

/** Pastes `fg` (already at its final size) at a seeded spot in the lower two thirds of `bg`; returns the frame and the alpha mask. */
export function paste(bg: RgbImage, fg: RgbaImage, seed: number): { image: RgbImage; mask: Uint8Array } {
  const random = seededRandom(seed)
  const maxX = Math.max(0, bg.width - fg.width),
    minY = Math.min(Math.round(bg.height / 3), Math.max(0, bg.height - fg.height))
  const x0 = Math.floor(random() * (maxX + 1))
  const y0 = minY + Math.floor(random() * (Math.max(0, bg.height - fg.height) - minY + 1))
  const data = new Uint8Array(bg.data)
  const mask = new Uint8Array(bg.width * bg.height)
  for (let y = 0; y < fg.height; y++) {
    const by = y0 + y
    if (by < 0 || by >= bg.height) continue
    for (let x = 0; x < fg.width; x++) {
      const bx = x0 + x
      if (bx < 0 || bx >= bg.width) continue
      const a = (fg.data[(y * fg.width + x) * 4 + 3] ?? 0) / 255
      const to = (by * bg.width + bx) * 3
      for (let c = 0; c < 3; c++)
        data[to + c] = Math.round((fg.data[(y * fg.width + x) * 4 + c] ?? 0) * a + (data[to + c] ?? 0) * (1 - a))
      mask[by * bg.width + bx] = Math.round(a * 255)
    }
  }
  return { image: { data, width: bg.width, height: bg.height }, mask }
}

/**
 * Barrel distortion as a wide doorbell lens gives: the pixel at normalised radius r shows the scene at
 * r·(1 + k·r²), so straight lines bow and everything near the edge shrinks. The mask is distorted alike.
 */
export function fisheye(image: RgbImage, mask: Uint8Array, k = 0.35): { image: RgbImage; mask: Uint8Array } {
  const { width, height } = image
  const data = new Uint8Array(image.data.length)
  const outMask = new Uint8Array(mask.length)
  const cx = width / 2,
    cy = height / 2,
    norm = Math.hypot(cx, cy)
  const scale = 1 / (1 + k) // keeps the corners inside the frame
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / norm,
        dy = (y - cy) / norm
      const f = (1 + k * (dx * dx + dy * dy)) * scale
      const sx = Math.min(width - 1, Math.max(0, Math.round(cx + dx * f * norm)))
      const sy = Math.min(height - 1, Math.max(0, Math.round(cy + dy * f * norm)))
      const from = sy * width + sx,
        to = y * width + x
      data[to * 3] = image.data[from * 3] ?? 0
      data[to * 3 + 1] = image.data[from * 3 + 1] ?? 0
      data[to * 3 + 2] = image.data[from * 3 + 2] ?? 0
      outMask[to] = mask[from] ?? 0
    }
  }
  return { image: { data, width, height }, mask: outMask }
}

/** Bounding box (fractions) of mask pixels ≥ 128, or undefined when the object left the frame. */
export function maskBox(mask: Uint8Array, width: number, height: number): Box | undefined {
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((mask[y * width + x] ?? 0) < 128) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  return x1 < 0
    ? undefined
    : { x: x0 / width, y: y0 / height, width: (x1 - x0 + 1) / width, height: (y1 - y0 + 1) / height }
}

export type Condition = 'day' | 'ir' | 'night'
export const CONDITIONS: readonly Condition[] = ['day', 'ir', 'night']

/** Day: as pasted; IR: grey, contrast stretched; night: ¼ brightness plus sensor noise (scripts/lib/augment.ts). */
export function applyCondition(image: RgbImage, condition: Condition, seed: number): RgbImage {
  if (condition === 'ir') return infraredLike(image)
  if (condition === 'night') return lowLight(image, seed)
  return image
}

/** One doorbell frame: `fg` scaled to `heightPx` tall, pasted into `bg`, seen through the fisheye, under `condition`. */
export async function doorbellFrame(bg: RgbImage, fg: RgbaImage, heightPx: number, condition: Condition, seed: number) {
  const pasted = paste(bg, await resizeRgba(fg, heightPx), seed)
  const lens = fisheye(pasted.image, pasted.mask)
  return { image: applyCondition(lens.image, condition, seed), box: maskBox(lens.mask, bg.width, bg.height) }
}
