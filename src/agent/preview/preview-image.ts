import sharp from 'sharp'
import { PREVIEW_MAX_BYTES, PREVIEW_MAX_SIDE } from '../../contracts/device-wire.ts'

const QUALITIES = [72, 60, 48, 36] as const

/**
 * The camera owner's private preview of their own frame: the whole snapshot, turned upright, at most
 * PREVIEW_MAX_SIDE px on its longer side, re-encoded as a JPEG with no metadata (sharp writes none unless
 * asked), and at most PREVIEW_MAX_BYTES: the quality, then the size, steps down until it fits.
 */
export async function previewImage(
  snapshot: Buffer,
  maxSide = PREVIEW_MAX_SIDE,
  maxBytes = PREVIEW_MAX_BYTES,
): Promise<Buffer | undefined> {
  for (let side = maxSide; side >= 80; side = Math.floor(side * 0.75)) {
    for (const quality of QUALITIES) {
      const jpeg = await sharp(snapshot)
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality })
        .toBuffer()
      if (jpeg.byteLength <= maxBytes) return jpeg
    }
  }
  return undefined
}
