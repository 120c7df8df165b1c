// Pure model-input preparation on raw RGB bytes, the same for every runtime (onnxruntime or tfjs):
// the bilinear sampling follows TensorFlow's resizeBilinear(alignCorners) and cropAndResize exactly,
// so the converted graphs see the very inputs the tfjs models were evaluated with.
import type { EmbeddingModelInfo } from '../../models/registry.ts'
import type { Box, Letterbox } from './boxes.ts'
import type { RgbImage } from './image.ts'

interface Axis {
  readonly lo: Int32Array
  readonly hi: Int32Array
  readonly frac: Float32Array
  readonly valid: Uint8Array
}

const f32 = Math.fround

/**
 * Source taps for `n` output samples at positions start + i·step (TF's bilinear rule). Positions are
 * float32 like the tfjs kernels': at a crop's far edge the rounding can land just past the last pixel,
 * which cropAndResize fills with 0 (`outside: 'blank'`) — the head was trained on exactly those inputs —
 * and resizeBilinear clamps to the edge (`outside: 'clamp'`).
 */
function axis(n: number, start: number, step: number, size: number, outside: 'blank' | 'clamp'): Axis {
  const lo = new Int32Array(n),
    hi = new Int32Array(n),
    frac = new Float32Array(n),
    valid = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const at = f32(start + f32(i * step))
    if (outside === 'blank' && (at < 0 || at > size - 1)) continue
    lo[i] = Math.min(size - 1, Math.floor(at))
    hi[i] = Math.min(size - 1, Math.ceil(at))
    frac[i] = at - lo[i]!
    valid[i] = 1
  }
  return { lo, hi, frac, valid }
}

/** Samples `image` on the grid ys × xs into out (NHWC, values 0–255), starting at `offset` floats. */
function sample(
  image: RgbImage,
  ys: Axis,
  xs: Axis,
  out: Float32Array,
  offset: number,
  rowStride: number,
  mirror: boolean,
) {
  const { data, width } = image
  const w = xs.lo.length
  for (let y = 0; y < ys.lo.length; y++) {
    if (!ys.valid[y]) continue
    const top = ys.lo[y]! * width,
      bottom = ys.hi[y]! * width,
      fy = ys.frac[y]!
    for (let x = 0; x < w; x++) {
      const sx = mirror ? w - 1 - x : x
      if (!xs.valid[sx]) continue
      const l = xs.lo[sx]!,
        r = xs.hi[sx]!,
        fx = xs.frac[sx]!
      const o = offset + y * rowStride + x * 3
      for (let c = 0; c < 3; c++) {
        const tl = data[(top + l) * 3 + c]!,
          tr = data[(top + r) * 3 + c]!
        const bl = data[(bottom + l) * 3 + c]!,
          br = data[(bottom + r) * 3 + c]!
        const t = tl + (tr - tl) * fx
        const b = bl + (br - bl) * fx
        out[o + c] = t + (b - t) * fy
      }
    }
  }
}

/**
 * The detector input: `image` resized into its letterbox (bilinear, corners aligned), optionally
 * mirrored, on black, as [1, size, size, 3] floats 0–255; written into `out` when given (reused buffers
 * keep 3 MB a frame from piling up between garbage collections).
 */
export function letterboxPixels(
  image: RgbImage,
  lb: Letterbox,
  size: number,
  mirror = false,
  out = new Float32Array(size * size * 3),
): Float32Array<ArrayBuffer> {
  if (out.length !== size * size * 3)
    throw new Error(`letterbox buffer holds ${out.length} floats, not ${size * size * 3}`)
  out.fill(0)
  const step = (from: number, to: number) => (to > 1 ? f32((from - 1) / (to - 1)) : 0)
  const ys = axis(lb.height, 0, step(image.height, lb.height), image.height, 'clamp')
  const xs = axis(lb.width, 0, step(image.width, lb.width), image.width, 'clamp')
  sample(image, ys, xs, out, (lb.padY * size + lb.padX) * 3, size * 3, mirror)
  return out
}

/**
 * Embedder input: each box (fractions of the image) cut out and resized to size² like TF's
 * cropAndResize, then — with `withMirror` — the mirrored crops appended: [n or 2n, size, size, 3], 0–255.
 */
export function cropPixels(image: RgbImage, boxes: readonly Box[], size: number, withMirror: boolean): Float32Array {
  const per = size * size * 3
  const out = new Float32Array(per * boxes.length * (withMirror ? 2 : 1))
  boxes.forEach((b, i) => {
    // Box corners are float32 in tfjs (y1, x1, y2, x2), and so is every step of TF's index arithmetic.
    const along = (from: number, extent: number, length: number) => {
      const start = f32(from),
        end = f32(from + extent)
      return size > 1
        ? axis(size, f32(start * (length - 1)), f32(f32(f32(end - start) * (length - 1)) / (size - 1)), length, 'blank')
        : axis(1, f32(f32(0.5 * f32(start + end)) * (length - 1)), 0, length, 'blank')
    }
    const ys = along(b.y, b.height, image.height)
    const xs = along(b.x, b.width, image.width)
    sample(image, ys, xs, out, i * per, size * 3, false)
    if (withMirror) mirrorRows(out, i * per, (boxes.length + i) * per, size)
  })
  return out
}

/** Copies the size² crop at `from` to `to` mirrored left–right: the same values sampling with `mirror` gives. */
function mirrorRows(data: Float32Array, from: number, to: number, size: number) {
  for (let y = 0; y < size; y++) {
    const row = y * size * 3
    for (let x = 0; x < size; x++) {
      const src = from + row + x * 3,
        dst = to + row + (size - 1 - x) * 3
      data[dst] = data[src]!
      data[dst + 1] = data[src + 1]!
      data[dst + 2] = data[src + 2]!
    }
  }
}

/**
 * Scales crops (0–255) to 0–1 and applies the per-crop exposure correction, so night and back-lit
 * frames land near daylight ones. 'gain': brighten dark crops to a mean of 0.45 (at most ×4).
 * 'standardise': also stretch flat contrast. In place; returns `crops`.
 */
export function normaliseCrops(
  crops: Float32Array,
  count: number,
  mode: NonNullable<EmbeddingModelInfo['exposure']>,
): Float32Array {
  const per = crops.length / count
  for (let n = 0; n < count; n++) {
    const start = n * per,
      end = start + per
    let sum = 0
    for (let i = start; i < end; i++) sum += crops[i] = crops[i]! / 255
    if (mode === 'none') continue
    const mean = sum / per
    const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
    if (mode === 'gain') {
      const gain = clip(0.45 / (mean + 1e-3), 1, 4)
      for (let i = start; i < end; i++) crops[i] = clip(crops[i]! * gain, 0, 1)
      continue
    }
    let sq = 0
    for (let i = start; i < end; i++) sq += (crops[i]! - mean) ** 2
    const stretch = clip(0.22 / (Math.sqrt(sq / per) + 1e-3), 1, 4)
    const target = Math.max(mean, 0.45)
    for (let i = start; i < end; i++) crops[i] = clip((crops[i]! - mean) * stretch + target, 0, 1)
  }
  return crops
}
