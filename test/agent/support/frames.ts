import sharp from 'sharp'
import type { FrameAnalyzer } from '../../../src/agent/analyzer.ts'
import type { Box, RgbImage } from '../../../src/vision/index.ts'

/**
 * Synthetic camera frames for tests that must not depend on ../shared/data: a textured yard, and
 * flat colour-coded blocks that the stand-in analyser below reads as a dog (red), a cat (blue) or a
 * person (green). Everything from decoding on (gate, store, queue, uploads) is the real agent code.
 */
export type Thing = { kind: 'dog' | 'cat' | 'person'; x: number; y: number; size: number }

const COLOURS = { dog: [220, 30, 30], cat: [30, 30, 220], person: [30, 220, 30] } as const

export async function syntheticFrame(
  things: readonly Thing[] = [],
  options: { seed?: number; width?: number; height?: number } = {},
) {
  const width = options.width ?? 640
  const height = options.height ?? 480
  const raw = Buffer.alloc(width * height * 3)
  let s = options.seed ?? 1
  const noise = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 7) - 3
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      // A yard: grass getting darker to the bottom, a wall on top, a little sensor noise.
      const wall = y < height * 0.35
      raw[i] = (wall ? 150 : 60) + ((x >> 5) % 2) * 10 + noise()
      raw[i + 1] = (wall ? 140 : 110 - (y * 40) / height) + noise()
      raw[i + 2] = (wall ? 130 : 50) + noise()
    }
  for (const t of things) {
    const [r, g, b] = COLOURS[t.kind]
    for (let y = t.y; y < Math.min(height, t.y + t.size); y++)
      for (let x = t.x; x < Math.min(width, t.x + t.size); x++) {
        const i = (y * width + x) * 3
        raw[i] = r
        raw[i + 1] = g
        raw[i + 2] = b
      }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

export const FAKE_MODEL_ID = 'homeward-pet-embed-v1'
export const FAKE_DIMENSION = 512

/** A deterministic unit vector per (species, size bucket): the same "animal" embeds the same. */
export function identityVector(species: string, sizeBucket: number, dimension = FAKE_DIMENSION): Float32Array {
  const seed = [...species].reduce((a, c) => a + c.charCodeAt(0), 0) * 31 + sizeBucket
  const v = Float32Array.from({ length: dimension }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233))
  const norm = Math.hypot(...v)
  return v.map((x) => x / norm)
}

export const sizeBucket = (sizePx: number, width = 640) => Math.round((sizePx / width) * 20)

function findBlock(image: RgbImage, [r, g, b]: readonly number[]): Box | undefined {
  let minX = Infinity,
    minY = Infinity,
    maxX = -1,
    maxY = -1,
    hits = 0
  for (let y = 0; y < image.height; y += 2)
    for (let x = 0; x < image.width; x += 2) {
      const i = (y * image.width + x) * 3
      const d =
        Math.abs((image.data[i] ?? 0) - r!) +
        Math.abs((image.data[i + 1] ?? 0) - g!) +
        Math.abs((image.data[i + 2] ?? 0) - b!)
      if (d > 60) continue
      hits++
      minX = Math.min(minX, x)
      minY = Math.min(minY, y)
      maxX = Math.max(maxX, x)
      maxY = Math.max(maxY, y)
    }
  if (hits < 50) return undefined
  return {
    x: minX / image.width,
    y: minY / image.height,
    width: (maxX - minX + 2) / image.width,
    height: (maxY - minY + 2) / image.height,
  }
}

/** Reads the colour-coded blocks; counts calls so tests can see what the gate let through. */
export function colourCodedAnalyzer(): FrameAnalyzer & { calls: { analyze: number; detect: number } } {
  const calls = { analyze: 0, detect: 0 }
  const detectAll = (image: RgbImage) =>
    (['dog', 'cat', 'person'] as const).flatMap((kind) => {
      const box = findBlock(image, COLOURS[kind])
      return box ? [{ species: kind, box, score: 0.9 }] : []
    })
  return {
    modelId: FAKE_MODEL_ID,
    calls,
    async analyze(image) {
      calls.analyze++
      const found = detectAll(image)
      const pets = found
        .filter((d): d is typeof d & { species: 'dog' | 'cat' } => d.species !== 'person')
        .map((d) => ({
          ...d,
          embedding: identityVector(d.species, sizeBucket(d.box.width * image.width, image.width)),
        }))
      return { pets, hasPeople: found.some((d) => d.species === 'person') }
    },
    async detect(image) {
      calls.detect++
      return detectAll(image)
    },
  }
}
