// Deterministic pixel transforms for synthetic robustness checks and training augmentation.
import type { Box } from '../../src/vision/boxes.ts'
import type { RgbImage } from '../../src/vision/image.ts'
import { seededRandom } from './data.ts'

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v)
const map = (img: RgbImage, fn: (data: Uint8Array, out: Uint8Array) => void): RgbImage => {
  const out = new Uint8Array(img.data.length)
  fn(img.data, out)
  return { data: out, width: img.width, height: img.height }
}

/** Night-vision look: luminance only, contrast stretched, as doorbell IR frames are. */
export const infraredLike = (img: RgbImage) =>
  map(img, (d, out) => {
    for (let i = 0; i < d.length; i += 3) {
      const y = clamp((0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0) - 128) * 1.3 + 128)
      out[i] = y
      out[i + 1] = y
      out[i + 2] = y
    }
  })

/** Quarter brightness plus sensor noise (seeded). */
export const lowLight = (img: RgbImage, seed: number) =>
  map(img, (d, out) => {
    const random = seededRandom(seed)
    for (let i = 0; i < d.length; i++) out[i] = clamp((d[i] ?? 0) * 0.25 + (random() + random() + random() - 1.5) * 8)
  })

/** Horizontal motion blur over `length` pixels. */
export const motionBlur = (img: RgbImage, length = 9) =>
  map(img, (d, out) => {
    const half = Math.floor(length / 2)
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0
          let n = 0
          for (let k = -half; k <= half; k++) {
            const xx = x + k
            if (xx < 0 || xx >= img.width) continue
            sum += d[(y * img.width + xx) * 3 + c] ?? 0
            n++
          }
          out[(y * img.width + x) * 3 + c] = sum / n
        }
      }
    }
  })

/** A grey block over `fraction` of the area at a seeded position (a fence post, a bush, a leg). */
export const occlude = (img: RgbImage, seed: number, fraction = 0.25) =>
  map(img, (d, out) => {
    out.set(d)
    const random = seededRandom(seed)
    const side = Math.sqrt(fraction)
    const w = Math.round(img.width * side)
    const h = Math.round(img.height * side)
    const x0 = Math.floor(random() * (img.width - w))
    const y0 = Math.floor(random() * (img.height - h))
    for (let y = y0; y < y0 + h; y++) out.fill(128, (y * img.width + x0) * 3, (y * img.width + x0 + w) * 3)
  })

/** Training augmentation: colour jitter (sometimes grey) on the pixels and a random sub-crop box. */
export function trainingAugment(img: RgbImage, seed: number): { image: RgbImage; box: Box } {
  const random = seededRandom(seed)
  const gain = 0.6 + random() * 0.8
  const bias = (random() - 0.5) * 40
  const grey = random() < 0.25
  const image = map(img, (d, out) => {
    for (let i = 0; i < d.length; i += 3) {
      const r = d[i] ?? 0,
        g = d[i + 1] ?? 0,
        b = d[i + 2] ?? 0
      const y = 0.299 * r + 0.587 * g + 0.114 * b
      out[i] = clamp((grey ? y : r) * gain + bias)
      out[i + 1] = clamp((grey ? y : g) * gain + bias)
      out[i + 2] = clamp((grey ? y : b) * gain + bias)
    }
  })
  const scale = 0.75 + random() * 0.25
  const box = { x: random() * (1 - scale), y: random() * (1 - scale), width: scale, height: scale }
  return { image, box }
}

/** Nearest-neighbour down- and up-scaling by `factor` (< 1): the blockiness of a pet far from the lens. */
function pixelate(d: Uint8Array, out: Uint8Array, width: number, height: number, factor: number) {
  const sw = Math.max(8, Math.round(width * factor))
  const sh = Math.max(8, Math.round(height * factor))
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.floor((Math.floor((y * sh) / height) + 0.5) * (height / sh)))
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.floor((Math.floor((x * sw) / width) + 0.5) * (width / sw)))
      const from = (sy * width + sx) * 3
      const to = (y * width + x) * 3
      out[to] = d[from] ?? 0
      out[to + 1] = d[from + 1] ?? 0
      out[to + 2] = d[from + 2] ?? 0
    }
  }
}

/**
 * Training augmentation that imitates doorbell cameras, with random strengths that differ from the fixed
 * evaluation conditions above: IR greyscale, darkness with sensor noise, motion blur, low resolution,
 * a partial occluder, plus the colour jitter and sub-crop of `trainingAugment`. Each effect is drawn
 * independently, so some copies get several at once (an IR frame of a moving, distant dog).
 */
export function cameraAugment(img: RgbImage, seed: number): { image: RgbImage; box: Box } {
  const random = seededRandom(seed ^ 0x5bd1e995)
  const { image: jittered, box } = trainingAugment(img, seed)
  let image = jittered
  if (random() < 0.35) {
    const contrast = 1 + random() * 0.6
    image = map(image, (d, out) => {
      for (let i = 0; i < d.length; i += 3) {
        const y = clamp(
          (0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0) - 128) * contrast + 128,
        )
        out[i] = y
        out[i + 1] = y
        out[i + 2] = y
      }
    })
  }
  if (random() < 0.35) {
    const gain = 0.15 + random() * 0.45
    const noise = 3 + random() * 10
    const rnd = seededRandom(seed + 7)
    image = map(image, (d, out) => {
      for (let i = 0; i < d.length; i++) out[i] = clamp((d[i] ?? 0) * gain + (rnd() + rnd() + rnd() - 1.5) * noise)
    })
  }
  if (random() < 0.3) image = motionBlur(image, 3 + 2 * Math.floor(random() * 5))
  if (random() < 0.3) {
    const factor = 0.08 + random() * 0.2
    image = map(image, (d, out) => pixelate(d, out, image.width, image.height, factor))
  }
  if (random() < 0.3) image = occlude(image, seed + 13, 0.1 + random() * 0.25)
  return { image, box }
}

/** Luminance only, no contrast change: what a search photo looks like to an IR camera, stored beside it. */
export const greyscale = (img: RgbImage) =>
  map(img, (d, out) => {
    for (let i = 0; i < d.length; i += 3) {
      const y = 0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0)
      out[i] = y
      out[i + 1] = y
      out[i + 2] = y
    }
  })

/** A darker, noisier copy with strengths unlike `lowLight`'s (⅓ brightness, less noise), for the gallery side. */
export const darkened = (img: RgbImage, seed: number) =>
  map(img, (d, out) => {
    const random = seededRandom(seed ^ 0x2545f491)
    for (let i = 0; i < d.length; i++) out[i] = clamp((d[i] ?? 0) * 0.33 + (random() + random() + random() - 1.5) * 5)
  })

/** 3×3 box mean per channel: takes the edge off sensor noise before a dark crop is brightened. */
export const boxDenoise = (img: RgbImage) =>
  map(img, (d, out) => {
    const { width, height } = img
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0,
            n = 0
          for (let dy = -1; dy <= 1; dy++) {
            const yy = y + dy
            if (yy < 0 || yy >= height) continue
            for (let dx = -1; dx <= 1; dx++) {
              const xx = x + dx
              if (xx < 0 || xx >= width) continue
              sum += d[(yy * width + xx) * 3 + c] ?? 0
              n++
            }
          }
          out[(y * width + x) * 3 + c] = sum / n
        }
      }
    }
  })

/** Gamma < 1 lifts shadows more than highlights (a dark frame's detail sits in the shadows). */
export const gammaLift = (img: RgbImage, gamma = 0.6) => {
  const lut = Array.from({ length: 256 }, (_, v) => Math.round(255 * (v / 255) ** gamma))
  return map(img, (d, out) => {
    for (let i = 0; i < d.length; i++) out[i] = lut[d[i] ?? 0] ?? 0
  })
}

/** Mean HSV-style saturation (max − min over max) of the pixels: ~0 for IR frames, detectable on device. */
export function meanSaturation(img: RgbImage): number {
  const d = img.data
  let sum = 0,
    n = 0
  for (let i = 0; i < d.length; i += 3 * 7) {
    const r = d[i] ?? 0,
      g = d[i + 1] ?? 0,
      b = d[i + 2] ?? 0
    const max = Math.max(r, g, b),
      min = Math.min(r, g, b)
    sum += max > 8 ? (max - min) / max : 0
    n++
  }
  return sum / Math.max(1, n)
}

export const meanBrightness = (img: RgbImage): number => {
  let sum = 0
  for (let i = 0; i < img.data.length; i += 7) sum += img.data[i] ?? 0
  return sum / Math.max(1, Math.ceil(img.data.length / 7)) / 255
}
