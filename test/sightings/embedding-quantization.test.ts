// Issue #20: an embedding passes the format checks with any low-order bits, so a malicious agent packed other data
// (image bytes) into them. Ingest rounds every value to the grid (EMBEDDING_GRID); what is below it never reaches
// the database or matching.
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { EMBEDDING_GRID, embeddingProblem, quantizeEmbedding } from '../../src/contracts/sighting-format.ts'
import { cosineSimilarity } from '../../src/vision/vector.ts'
import { toFloat16 } from '../../scripts/lib/embedding-capacity.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting, unitVector } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

const q = EMBEDDING_GRID
const centred = (v: readonly number[]) => v.map((x) => Math.sign(x) * (Math.floor(Math.abs(x) / q) + 0.5) * q)
/** Four bits of `bytes` per value, as the position inside the value's grid cell (the agent-side attack). */
const pack = (base: readonly number[], bytes: Uint8Array) =>
  base.map((x, i) => {
    const nibble = (bytes[i >> 1]! >> (i % 2 ? 0 : 4)) & 0xf
    return Math.sign(x) * (Math.floor(Math.abs(x) / q) + (nibble + 0.5) / 16) * q
  })
const unpack = (values: readonly number[]) => {
  const out = new Uint8Array(values.length >> 1)
  values.forEach((x, i) => {
    const nibble = Math.min(15, Math.floor(((Math.abs(x) / q) % 1) * 16))
    out[i >> 1]! |= nibble << (i % 2 ? 0 : 4)
  })
  return out
}

describe('quantizeEmbedding', () => {
  it('keeps every sign, is idempotent, and moves a real-scale vector by less than 0.001 in cosine', () => {
    const v = unitVector()
    const quantized = quantizeEmbedding(v)
    expect(quantized.every((x, i) => Math.sign(x) === Math.sign(v[i]!))).toBe(true)
    expect(quantizeEmbedding(quantized)).toEqual(quantized)
    expect(1 - cosineSimilarity(v, quantized)).toBeLessThan(0.001)
    expect(embeddingProblem(quantized)).toBeUndefined()
    expect(quantizeEmbedding([0, 0, 0])).toEqual([0, 0, 0])
  })

  it('maps every vector in one grid cell to one output, whatever its low-order bits', () => {
    const base = centred(unitVector())
    const a = quantizeEmbedding(pack(base, new Uint8Array(256).fill(0x00)))
    const b = quantizeEmbedding(pack(base, new Uint8Array(256).fill(0xff)))
    expect(a).toEqual(b)
  })
})

describe.each(testDatabases())('embedding quantization at ingest on $name', (testDb) => {
  const t = useTestApp(testDb)
  let owner: TestUser
  let token: string
  let payload: Uint8Array

  beforeAll(async () => {
    owner = await t.signUp('Camera owner')
    token = (await pairedCamera(t, owner)).token
    const jpeg = await sharp({ create: { width: 48, height: 48, channels: 3, background: '#c83' } })
      .jpeg({ quality: 50 })
      .toBuffer()
    payload = new Uint8Array(jpeg.subarray(0, 256)) // 512 values × 4 bits: the JPEG's first 256 bytes
  })

  const storedOf = async (clientId: string) => {
    const row = await t.database.db
      .selectFrom('sightings')
      .select('embedding')
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow()
    return JSON.parse(row.embedding) as number[]
  }

  it('stores a crafted embedding carrying image bytes below the grid with those bits gone', async () => {
    // The payload moves values inside their cells and so the norm; the attacker scales the carrier to make up for it.
    const u = unitVector()
    const scale = 1 / Math.hypot(...pack(centred(u), payload))
    const base = centred(u.map((x) => x * scale))
    const packed = pack(base, payload)
    expect(embeddingProblem(packed)).toBeUndefined() // it passes every format check …
    expect(Buffer.from(unpack(packed.map(toFloat16)))).toEqual(Buffer.from(payload)) // … and halfvec alone kept the bytes (before)

    const crafted = sighting({ embedding: packed })
    const other = sighting({ embedding: pack(base, payload.slice().reverse()) }) // the same cells, another payload
    expect((await sendBatch(t, token, { sightings: [crafted, other] })).status).toBe(200)
    const stored = await storedOf(crafted.clientId)
    expect(stored).toEqual(await storedOf(other.clientId)) // the row does not depend on the payload
    const recovered = unpack(stored)
    const sameBytes = recovered.filter((b, i) => b === payload[i]).length
    expect(sameBytes).toBeLessThan(payload.length / 8) // what survives is chance (1 in 256 per byte), not the image
    expect(Buffer.from(recovered)).not.toEqual(Buffer.from(payload))
  })

  it('stores an honest embedding within 0.001 of what the agent sent, and matching reads that', async () => {
    const v = unitVector()
    const s = sighting({ embedding: v })
    expect((await sendBatch(t, token, { sightings: [s] })).status).toBe(200)
    const stored = await storedOf(s.clientId)
    expect(1 - cosineSimilarity(v, stored)).toBeLessThan(0.001)
    expect(stored.map((x) => Math.round(x * 1e3))).toEqual(
      quantizeEmbedding(v).map((x) => Math.round(toFloat16(x) * 1e3)),
    )
  })
})
