import sharp, { type Metadata } from 'sharp'
import { VisionError } from './errors.ts'

/** Decoded, EXIF-rotated pixels: `data` is RGB, row-major, 3 bytes a pixel. */
export interface RgbImage {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export interface ImageLimits {
  /** Refuse files larger than this many bytes before decoding. */
  readonly maxBytes: number
  /** Refuse images with more pixels than this (decompression bombs). */
  readonly maxPixels: number
  /** Refuse images whose shorter side is below this: nothing recognisable fits in them. */
  readonly minSide: number
  /** Downscale so the longer side is at most this: the models never need more. */
  readonly workingSide: number
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 50_000_000,
  minSide: 32,
  workingSide: 1024,
}

// Every frame and photo is decoded once and never re-read, so libvips' operation cache (up to 50 MB)
// would only hold memory: cameras run on small boxes (see models/README.md, Memory).
sharp.cache(false)

const SUPPORTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif'])

/** Decodes an encoded image (JPEG, PNG, WebP …) to RGB, applying EXIF orientation and the limits. */
export async function decodeImage(
  input: Buffer | Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<RgbImage> {
  if (input.length === 0) throw new VisionError('IMAGE_EMPTY', 'The image is empty.')
  if (input.length > limits.maxBytes) {
    throw new VisionError('IMAGE_TOO_LARGE', `The image is ${input.length} bytes; the limit is ${limits.maxBytes}.`)
  }
  let metadata: Metadata
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata()
  } catch {
    throw new VisionError('IMAGE_CORRUPT', 'The file is not a readable image.')
  }
  if (!metadata.format || !SUPPORTED_FORMATS.has(metadata.format)) {
    throw new VisionError('IMAGE_UNSUPPORTED', `Unsupported image format: ${metadata.format ?? 'unknown'}.`)
  }
  const { width = 0, height = 0 } = metadata
  if (width * height > limits.maxPixels) {
    throw new VisionError(
      'IMAGE_TOO_LARGE',
      `The image has ${width}×${height} pixels; the limit is ${limits.maxPixels}.`,
    )
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new VisionError(
      'IMAGE_TOO_SMALL',
      `The image is ${width}×${height}; each side must be at least ${limits.minSide} px.`,
    )
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .rotate() // apply EXIF orientation, then forget it
      .resize(limits.workingSide, limits.workingSide, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#808080' }) // transparent pixels become neutral grey, not black
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }
  } catch {
    throw new VisionError('IMAGE_CORRUPT', 'The image data is truncated or corrupt.')
  }
}

/** Wraps raw RGB pixels (e.g. a camera frame already in memory) after checking their size. */
export function rgbImage(data: Uint8Array, width: number, height: number): RgbImage {
  if (data.length !== width * height * 3) {
    throw new VisionError('IMAGE_CORRUPT', `Expected ${width * height * 3} RGB bytes, got ${data.length}.`)
  }
  return { data, width, height }
}
