import sharp from 'sharp'

/** A photo made in the test: a coloured gradient, optionally with EXIF (orientation, GPS-like comment). */
export async function makeJpeg(options: { width?: number; height?: number; orientation?: number; gps?: boolean } = {}) {
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
  let image = sharp(raw, { raw: { width, height, channels: 3 } })
  if (options.gps)
    image = image.withExif({
      IFD0: { ImageDescription: 'GPS 51.5007 -0.1246 home' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2/1' },
    })
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation })
  return image.jpeg().toBuffer()
}

export async function makePng(width = 200, height = 200) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer()
}
