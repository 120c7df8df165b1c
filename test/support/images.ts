import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')

/** A real cat photo (CC0, see test/fixtures/README.md), optionally rotated by EXIF and with GPS tags. */
export async function catPhoto(options: { orientation?: number; gps?: boolean } = {}): Promise<Buffer> {
  const original = await fs.readFile(path.join(FIXTURES, 'chelsea-cat.jpg'))
  if (!options.orientation && !options.gps) return original
  let image = sharp(original)
  if (options.orientation) {
    // Store the pixels turned the other way, so only honouring the EXIF tag shows the cat upright.
    image = sharp(await image.rotate(-90).toBuffer()).withMetadata({ orientation: options.orientation })
  }
  if (options.gps)
    image = image.withExif({
      IFD0: { ImageDescription: 'GPS 51.5007 -0.1246 home' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2/1' },
    })
  return image.jpeg().toBuffer()
}

/** A synthetic picture with no animal in it: a colour gradient. */
export async function makeJpeg(options: { width?: number; height?: number } = {}) {
  const width = options.width ?? 320
  const height = options.height ?? 240
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      raw[i] = (x * 255) / width
      raw[i + 1] = (y * 255) / height
      raw[i + 2] = 128
    }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer()
}

export async function catPng() {
  return sharp(await catPhoto())
    .png()
    .toBuffer()
}
