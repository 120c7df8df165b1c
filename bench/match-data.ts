// Synthetic sightings for bench:match. Every row's embedding is a pure function of its index, so the
// bench can recompute exact (float64) similarities for any candidate set without holding 1M vectors.
import { gridDisk, latLngToCell } from 'h3-js'
import { seededRandom } from '../scripts/lib/data.ts'
import { COARSE_CELL_RESOLUTION } from '../src/geo/cells.ts'

export const ANIMALS_PER_CELL = 12 // even index: dog, odd: cat
export const CAMERAS_PER_CELL = 3
/** Per-component noise: a sighting's cosine similarity to its animal's prototype is ≈ 0.83. */
const NOISE = 0.03

/** The first `count` coarse cells around a point, nearest rings first. */
export function benchCells(center: { lat: number; lng: number }, count: number): string[] {
  const origin = latLngToCell(center.lat, center.lng, COARSE_CELL_RESOLUTION)
  let k = 0
  while (1 + 3 * k * (k + 1) < count) k++
  return gridDisk(origin, k).slice(0, count)
}

function gaussians(rand: () => number, out: Float64Array, scale: number) {
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - rand()
    const r = Math.sqrt(-2 * Math.log(u)) * scale
    const theta = 2 * Math.PI * rand()
    out[i] = r * Math.cos(theta)
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta)
  }
}

function normalise(v: Float64Array) {
  let n = 0
  for (const x of v) n += x * x
  n = Math.sqrt(n)
  for (let i = 0; i < v.length; i++) v[i]! /= n
  return v
}

export function prototypeOf(animal: number, dimension: number): Float64Array {
  const v = new Float64Array(dimension)
  gaussians(seededRandom(0x5eed0000 + animal), v, 1)
  return normalise(v)
}

export interface BenchRow {
  readonly index: number
  readonly cellIndex: number
  readonly camera: number
  readonly animal: number
  readonly species: 'dog' | 'cat'
  /** Fraction of the time span, 0 (oldest) to 1 (newest): rows arrive in time order. */
  readonly at: number
}

export function benchRow(index: number, rows: number, cells: number): BenchRow {
  const rand = seededRandom(Math.imul(index + 1, 0x9e3779b1))
  const cellIndex = Math.floor(rand() * cells)
  const local = Math.floor(rand() * ANIMALS_PER_CELL)
  return {
    index,
    cellIndex,
    camera: cellIndex * CAMERAS_PER_CELL + Math.floor(rand() * CAMERAS_PER_CELL),
    animal: cellIndex * ANIMALS_PER_CELL + local,
    species: local % 2 ? 'cat' : 'dog',
    at: (index + rand() * 0.5) / rows,
  }
}

/** The row's embedding: its animal's prototype plus per-row noise, unit length, in float64. */
export function embeddingOf(row: BenchRow, dimension: number, prototypes: Map<number, Float64Array>): Float64Array {
  let base = prototypes.get(row.animal)
  if (!base) prototypes.set(row.animal, (base = prototypeOf(row.animal, dimension)))
  const v = new Float64Array(dimension)
  gaussians(seededRandom(0xa11ce000 ^ Math.imul(row.index + 7, 0x85ebca6b)), v, NOISE)
  for (let i = 0; i < dimension; i++) v[i]! += base[i]!
  return normalise(v)
}

/** A search photo of `animal`: its prototype with noise of its own. */
export function queryEmbedding(animal: number, query: number, dimension: number): Float64Array {
  const v = new Float64Array(dimension)
  gaussians(seededRandom(0x9e700000 + query), v, NOISE)
  const base = prototypeOf(animal, dimension)
  for (let i = 0; i < dimension; i++) v[i]! += base[i]!
  return normalise(v)
}

export const cosine = (a: Float64Array, b: Float64Array) => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

// --- PostgreSQL binary COPY encoding -------------------------------------------------------------

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE 754 binary16 bits of x, rounded to nearest (what halfvec stores). */
export function toHalfBits(x: number): number {
  f32[0] = x
  const b = u32[0]!
  const sign = (b >>> 16) & 0x8000
  let e = ((b >>> 23) & 0xff) - 127 + 15
  let m = b & 0x7fffff
  if (e <= 0) {
    if (e < -10) return sign
    m = (m | 0x800000) >> (1 - e)
    return sign | ((m + 0x1000) >> 13)
  }
  if (e >= 31) return sign | 0x7c00
  m += 0x1000
  if (m & 0x800000) {
    m = 0
    if (++e >= 31) return sign | 0x7c00
  }
  return sign | (e << 10) | (m >> 13)
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
export const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)])
export const COPY_TRAILER = Buffer.from([0xff, 0xff])

export type CopyField =
  { uuid: string } | { text: string } | { time: Date } | { real: number } | { halfvec: Float64Array }

/** One tuple of a binary COPY stream. */
export function encodeTuple(fields: readonly CopyField[]): Buffer {
  const parts: Buffer[] = []
  const head = Buffer.alloc(2)
  head.writeInt16BE(fields.length)
  parts.push(head)
  for (const f of fields) {
    let data: Buffer
    if ('uuid' in f) data = Buffer.from(f.uuid.replace(/-/g, ''), 'hex')
    else if ('text' in f) data = Buffer.from(f.text, 'utf8')
    else if ('time' in f) {
      data = Buffer.alloc(8)
      data.writeBigInt64BE(BigInt(f.time.getTime() - PG_EPOCH_MS) * 1000n)
    } else if ('real' in f) {
      data = Buffer.alloc(4)
      data.writeFloatBE(f.real)
    } else {
      data = Buffer.alloc(4 + 2 * f.halfvec.length)
      data.writeInt16BE(f.halfvec.length, 0)
      for (let i = 0; i < f.halfvec.length; i++) data.writeUInt16BE(toHalfBits(f.halfvec[i]!), 4 + 2 * i)
    }
    const len = Buffer.alloc(4)
    len.writeInt32BE(data.length)
    parts.push(len, data)
  }
  return Buffer.concat(parts)
}
