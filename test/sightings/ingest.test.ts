import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { countSightingsOfCamera } from '../../src/sightings/sighting.repository.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { EMBEDDING_DIMENSION, pairedCamera, sendBatch, sighting, unitVector } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

describe.each(testDatabases())('sighting ingest on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  let cameraId: string
  let token: string
  let jpegBase64: string
  let jpegBytes: Buffer

  beforeAll(async () => {
    owner = await t.signUp('Camera owner')
    const paired = await pairedCamera(t, owner)
    cameraId = paired.camera.id
    token = paired.token
    jpegBytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#a52' } })
      .jpeg()
      .toBuffer()
    jpegBase64 = jpegBytes.toString('base64')
  })

  const count = () => countSightingsOfCamera(t.database.db, cameraId)

  it('stores a batch with the camera’s cell and the retention expiry, and a re-send creates no duplicates', async () => {
    const batch = { sightings: Array.from({ length: 5 }, () => sighting()) }
    const before = await count()
    const first = await sendBatch(t, token, batch)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ accepted: 5, duplicates: 0, expired: 0 })
    const again = await sendBatch(t, token, batch)
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 5, expired: 0 })
    expect(await count()).toBe(before + 5)

    const row = await t.database.db
      .selectFrom('sightings')
      .innerJoin('cameras', 'cameras.id', 'sightings.camera_id')
      .select([
        'sightings.cell',
        'cameras.cell as cameraCell',
        'sightings.captured_at',
        'sightings.expires_at',
        'sightings.embedding',
      ])
      .where('sightings.client_id', '=', batch.sightings[0]!.clientId)
      .executeTakeFirstOrThrow()
    expect(row.cell).toBe(row.cameraCell)
    expect(row.expires_at.getTime() - row.captured_at.getTime()).toBe(72 * 3600_000)
    const stored = JSON.parse(row.embedding) as number[]
    expect(stored).toHaveLength(EMBEDDING_DIMENSION)
    // halfvec keeps about three significant digits.
    stored.forEach((x, i) => expect(x).toBeCloseTo(batch.sightings[0]!.embedding[i]!, 2))
  })

  it('skips a capture older than the retention and says so', async () => {
    const old = sighting({ capturedAt: new Date(Date.now() - 73 * 3600_000).toISOString() })
    const res = await sendBatch(t, token, { sightings: [old, sighting()] })
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, expired: 1 })
  })

  it('accepts the agent’s own snapshot refs, and keeps no more than 16 bits of each embedding value', async () => {
    const ref = `s-${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('base64url')}`
    // A byte in mantissa bits 4–11 of each float32 (below float16's 10 bits and its rounding bit): halfvec drops it.
    const base = unitVector()
    const packed = base.map((x, i) => {
      const f = new Float32Array([x])
      new Uint32Array(f.buffer)[0] = (new Uint32Array(f.buffer)[0]! & ~0x1fff) | (jpegBytes[i % jpegBytes.length]! << 4)
      return f[0]!
    })
    const s = sighting({ snapshotRef: ref, clientId: `${ref}.0`, embedding: packed })
    expect((await sendBatch(t, token, { sightings: [s] })).status).toBe(200)
    const row = await t.database.db
      .selectFrom('sightings')
      .select('embedding')
      .where('client_id', '=', s.clientId)
      .executeTakeFirstOrThrow()
    const stored = JSON.parse(row.embedding) as number[]
    const plain = sighting({
      embedding: base.map((x) => {
        const f = new Float32Array([x])
        new Uint32Array(f.buffer)[0]! &= ~0x1fff
        return f[0]!
      }),
    })
    await sendBatch(t, token, { sightings: [plain] })
    const plainRow = await t.database.db
      .selectFrom('sightings')
      .select('embedding')
      .where('client_id', '=', plain.clientId)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual(JSON.parse(plainRow.embedding)) // the packed bytes left no trace
  })

  describe('refuses the whole batch and stores nothing', () => {
    const cases: [string, () => unknown, number, string?][] = [
      [
        'a wrong-dimension embedding',
        () => ({ sightings: [sighting(), sighting({ embedding: unitVector(EMBEDDING_DIMENSION - 1) })] }),
        422,
      ],
      ['an unknown model', () => ({ sightings: [sighting({ modelId: 'clip-from-elsewhere' })] }), 422],
      [
        'an all-zero embedding',
        () => ({ sightings: [sighting({ embedding: new Array(EMBEDDING_DIMENSION).fill(0) })] }),
        400,
      ],
      [
        'a capture in the future',
        () => ({ sightings: [sighting({ capturedAt: new Date(Date.now() + 3600_000).toISOString() })] }),
        422,
      ],
      ['a person', () => ({ sightings: [sighting({ species: 'person' })] }), 400],
      ['a score above 1', () => ({ sightings: [sighting({ score: 1.5 })] }), 400],
      [
        'embedding values that are strings',
        () => ({ sightings: [sighting({ embedding: unitVector().map(String) })] }),
        400,
      ],
      [
        'an embedding value beyond ±1',
        () => ({ sightings: [sighting({ embedding: [...unitVector().slice(1), 1.5] })] }),
        400,
      ],
      [
        'an embedding that is not unit-norm',
        () => ({ sightings: [sighting({ embedding: unitVector().map((x) => x * 0.9) })] }),
        400,
      ],
      [
        'image bytes as embedding values (0…255 / 256)',
        () => ({
          sightings: [sighting({ embedding: [...jpegBytes].slice(0, EMBEDDING_DIMENSION).map((b) => b / 256) })],
        }),
        400,
      ],
      [
        'a 41-character snapshot reference',
        () => ({ sightings: [sighting({ snapshotRef: `snap-${crypto.randomUUID()}` })] }),
        400,
      ],
      ['a dotted snapshot reference', () => ({ sightings: [sighting({ snapshotRef: 'a.b' })] }), 400],
      [
        'a 25-character base64url chunk of an image as the snapshot reference',
        () => ({
          sightings: [
            sighting({ snapshotRef: Buffer.from(jpegBytes.subarray(2, 21)).toString('base64url').slice(0, 25) }),
          ],
        }),
        400,
      ],
      ['a 128-character clientId', () => ({ sightings: [sighting({ clientId: 'c'.repeat(128) })] }), 400],
      ['an empty embedding', () => ({ sightings: [sighting({ embedding: [] })] }), 400],
      ['an embedding that is not an array', () => ({ sightings: [sighting({ embedding: { 0: 0.5 } })] }), 400],
      ['a missing clientId', () => ({ sightings: [{ ...sighting(), clientId: undefined }] }), 400],
      [
        'the same clientId twice',
        () => {
          const s = sighting()
          return { sightings: [s, s] }
        },
        400,
      ],
      ['an empty batch', () => ({ sightings: [] }), 400],
      ['501 sightings', () => ({ sightings: Array.from({ length: 501 }, () => sighting({ embedding: [1] })) }), 400],
      ['an extra field', () => ({ sightings: [{ ...sighting(), location: { lat: 51.5, lng: -0.1 } }] }), 400],
      [
        'a base64 JPEG as the snapshot reference',
        () => ({ sightings: [sighting({ snapshotRef: jpegBase64.slice(0, 100) })] }),
        422,
        'IMAGE_NOT_ALLOWED',
      ],
      [
        'a base64 JPEG in an extra field',
        () => ({ sightings: [{ ...sighting(), snapshot: jpegBase64 }] }),
        422,
        'IMAGE_NOT_ALLOWED',
      ],
      [
        'a data: URL',
        () => ({ sightings: [sighting({ snapshotRef: 'data:image/png;base64,iVBORw0KGgo' })] }),
        422,
        'IMAGE_NOT_ALLOWED',
      ],
      ['malformed JSON', () => '{"sightings": [', 400],
    ]
    it.each(cases)('%s', async (_label, body, status, code) => {
      const before = await count()
      const res = await sendBatch(t, token, body())
      expect(res.status).toBe(status)
      const error = (await res.json()).error
      expect(error.message).toEqual(expect.any(String))
      if (code) expect(error.code).toBe(code)
      expect(await count()).toBe(before)
    })

    it('an image upload (image/jpeg or multipart)', async () => {
      const before = await count()
      const jpeg = Buffer.from(jpegBase64, 'base64')
      const raw = await t.request('/api/sightings/batch', {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
        body: jpeg,
      })
      expect(raw.status).toBe(422)
      const form = new FormData()
      form.append('sightings', JSON.stringify([sighting()]))
      form.append('snapshot', new File([jpeg], 'snap.jpg', { type: 'image/jpeg' }))
      const multipart = await t.request('/api/sightings/batch', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      })
      expect(multipart.status).toBe(422)
      const disguised = await sendBatch(t, token, jpeg.toString('latin1'))
      expect(disguised.status).toBe(422)
      expect(await count()).toBe(before)
    })
  })

  it('requires a valid device token: none, a made-up one and a user session are all 401', async () => {
    const body = { sightings: [sighting()] }
    const before = await count()
    expect(
      (
        await t.request('/api/sightings/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(401)
    expect((await sendBatch(t, 'hwd_madeUpTokenThatIsLongEnough123456', body)).status).toBe(401)
    expect(
      (
        await t.request('/api/sightings/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          user: owner,
        })
      ).status,
    ).toBe(401)
    expect(await count()).toBe(before)
  })

  it('a token only ever writes to its own camera', async () => {
    const second = await pairedCamera(t, await t.signUp('Another camera owner'))
    const before = await count()
    await sendBatch(t, second.token, { sightings: [sighting()] })
    expect(await count()).toBe(before)
    expect(await countSightingsOfCamera(t.database.db, second.camera.id)).toBe(1)
  })
})
