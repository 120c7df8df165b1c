import sharp from 'sharp'
import type { Box, RgbImage } from '../vision/index.ts'

/**
 * The snapshot kept on the device: people painted over with solid grey (a blur can be undone, a fill
 * cannot), re-encoded so no EXIF, GPS or camera serial survives.
 */
export async function redactedSnapshot(image: RgbImage, people: readonly Box[], quality = 85): Promise<Buffer> {
  const { width, height } = image
  const fills = people
    .map((box) => {
      const left = Math.max(0, Math.floor(box.x * width))
      const top = Math.max(0, Math.floor(box.y * height))
      const right = Math.min(width, Math.ceil((box.x + box.width) * width))
      const bottom = Math.min(height, Math.ceil((box.y + box.height) * height))
      return { left, top, w: right - left, h: bottom - top }
    })
    .filter((r) => r.w > 0 && r.h > 0)
    .map((r) => ({
      input: { create: { width: r.w, height: r.h, channels: 3 as const, background: { r: 128, g: 128, b: 128 } } },
      left: r.left,
      top: r.top,
    }))
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width, height, channels: 3 },
  })
    .composite(fills)
    .jpeg({ quality, mozjpeg: false })
    .toBuffer()
}
