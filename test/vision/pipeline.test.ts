import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { findEmbeddingModel } from '../../models/registry.ts'
import {
  createVisionPipeline,
  decodeImage,
  DEFAULT_IMAGE_LIMITS,
  requirePetPhoto,
  type VisionPipeline,
} from '../../src/vision/index.ts'
import { dot } from '../../src/vision/vector.ts'

const sharedData = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data')
const hasSharedData = existsSync(join(sharedData, 'pets/labels.csv'))
if (!hasSharedData) console.warn(`skipping data-based vision tests: ${sharedData} is absent`)

const solid = (width: number, height: number, colour = '#7a8a6a') =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer()

let pipeline: VisionPipeline
beforeAll(async () => {
  pipeline = await createVisionPipeline()
}, 60_000)

describe('vision pipeline', () => {
  it('uses the registered default model and dimension', () => {
    expect(pipeline.modelId).toBe('homeward-pet-embed-v2')
    expect(pipeline.dimension).toBe(findEmbeddingModel(pipeline.modelId)?.dimension)
    expect(pipeline.runtime).toBe('onnxruntime') // the native runtime loads here; tfjs is only the fallback
  })

  it('gives the same L2-normalised embedding for the same image (within 1e-5)', async () => {
    const image = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#a07050' } })
      .composite([{ input: await solid(60, 50, '#202020'), left: 40, top: 30 }])
      .png()
      .toBuffer()
    const a = await pipeline.embed(image)
    const b = await pipeline.embed(image)
    expect(a).toHaveLength(pipeline.dimension)
    expect(Math.abs(dot(a, a) - 1)).toBeLessThan(1e-5)
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))))).toBeLessThan(1e-5)
  })

  it('applies EXIF orientation before anything looks at the pixels', async () => {
    // Left half red, right half blue, stored with "rotate 90° clockwise to display" (orientation 6).
    const red = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer()
    const stored = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#0000ff' } })
      .composite([{ input: red, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const decoded = await decodeImage(stored)
    expect([decoded.width, decoded.height]).toEqual([100, 200])
    const pixel = (x: number, y: number) => [
      ...decoded.data.subarray((y * decoded.width + x) * 3, (y * decoded.width + x) * 3 + 3),
    ]
    expect(pixel(50, 20)[0]).toBeGreaterThan(200) // the red half is now on top
    expect(pixel(50, 180)[2]).toBeGreaterThan(200)
  })

  it('decodes single-channel (IR night) and transparent images to RGB', async () => {
    const grey = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer()
    expect((await sharp(grey).metadata()).channels).toBe(1)
    const decoded = await decodeImage(grey)
    expect(decoded.data.length).toBe(64 * 48 * 3)
    const rgba = await sharp({
      create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer()
    expect((await decodeImage(rgba)).data.length).toBe(40 * 40 * 3)
    expect((await pipeline.embed(grey)).length).toBe(pipeline.dimension)
  })

  it('finds no pet in an empty scene', async () => {
    const analysis = await pipeline.analyze(await solid(640, 480))
    expect(analysis.pets).toEqual([])
    expect(() => requirePetPhoto(analysis)).toThrow(expect.objectContaining({ code: 'NO_PET_FOUND' }))
  })

  it.each([
    ['an empty file', Buffer.alloc(0), 'IMAGE_EMPTY'],
    ['random bytes', Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)), 'IMAGE_CORRUPT'],
  ])('refuses %s with a clear error', async (_name, input, code) => {
    await expect(pipeline.analyze(input)).rejects.toMatchObject({ name: 'VisionError', code })
  })

  it('refuses a truncated JPEG', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } })
      .composite([{ input: await solid(100, 100, '#ffffff'), left: 10, top: 10 }])
      .jpeg()
      .toBuffer()
    await expect(pipeline.analyze(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).rejects.toMatchObject({
      code: 'IMAGE_CORRUPT',
    })
  })

  it('refuses tiny and oversized images', async () => {
    await expect(pipeline.analyze(await solid(16, 16))).rejects.toMatchObject({ code: 'IMAGE_TOO_SMALL' })
    const huge = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: '#000000' } })
      .png({ compressionLevel: 1 })
      .toBuffer()
    await expect(pipeline.analyze(huge)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' })
    await expect(decodeImage(Buffer.alloc(DEFAULT_IMAGE_LIMITS.maxBytes + 1, 1))).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
    })
  })
})

describe.skipIf(!hasSharedData)('vision pipeline on ../shared/data', () => {
  const read = (path: string) => readFile(join(sharedData, path))

  it('finds no pet in photos of people only', async () => {
    for (const file of ['people/messi5.jpg', 'people/vtest_01.jpg', 'people/astronaut.jpg']) {
      const analysis = await pipeline.analyze(await read(file))
      expect(analysis.pets, file).toEqual([])
      expect(analysis.hasPeople, file).toBe(true)
    }
  })

  it('finds no pet in empty scenes', async () => {
    for (const file of ['negatives/home.jpg', 'negatives/leuvenA.jpg']) {
      expect((await pipeline.analyze(await read(file))).pets, file).toEqual([])
    }
  })

  it('drops a raccoon the detector calls a cat: the pet check sees another animal', async () => {
    const raccoon = await read('negatives/wild_raccoon_030.jpg')
    expect((await pipeline.detect(raccoon)).some((d) => d.species === 'cat' || d.species === 'dog')).toBe(true)
    expect((await pipeline.analyze(raccoon)).pets).toEqual([])
  })

  it('finds and embeds the cat and the dog of breed photos', async () => {
    for (const [breed, species] of [
      ['Bengal', 'cat'],
      ['samoyed', 'dog'],
    ] as const) {
      const file = readdirSync(join(sharedData, 'pets/breeds', breed)).sort()[0] ?? ''
      const analysis = await pipeline.analyze(await read(`pets/breeds/${breed}/${file}`))
      expect(analysis.pets[0]?.species, file).toBe(species)
      expect(analysis.pets[0]?.embedding).toHaveLength(pipeline.dimension)
      expect(analysis.pets[0]?.petProbability, file).toBeDefined() // checked, and kept
    }
  })

  it('puts two photos of the same dog closer than photos of different dogs (small fixed set)', async () => {
    const dogs = ['dog-1308', 'dog-470', 'dog-499', 'dog-578', 'dog-1003'].filter((d) =>
      existsSync(join(sharedData, 'pets/identity', d)),
    )
    const photos = await Promise.all(
      dogs.map(async (dog) => {
        const files = readdirSync(join(sharedData, 'pets/identity', dog))
          .sort()
          .slice(0, 2)
        return Promise.all(files.map(async (f) => pipeline.embed(await read(`pets/identity/${dog}/${f}`))))
      }),
    )
    const same: number[] = []
    const different: number[] = []
    photos.forEach(([a, b], i) => {
      if (a && b) same.push(dot(a, b))
      photos.forEach(([c], j) => {
        if (a && c && j !== i) different.push(dot(a, c))
      })
    })
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length
    expect(same.length).toBeGreaterThanOrEqual(3)
    expect(mean(same)).toBeGreaterThan(mean(different))
  })
})
