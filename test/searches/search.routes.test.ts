import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../../models/registry.ts'
import { SearchSchema } from '../../src/searches/search.schema.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto, catPng, makeJpeg } from '../support/images.ts'

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data')
const hasSharedData = existsSync(path.join(SHARED_DATA, 'people/labels.csv'))
if (!hasSharedData) console.info(`${SHARED_DATA} is absent: the people-photo refusal tests are skipped`)
const PEOPLE_PHOTOS = ['people/astronaut.jpg', 'people/messi5.jpg']

const LAST_SEEN = { lat: 51.50135, lng: -0.14189 }

function searchForm(fields: Record<string, string>, photos: { bytes: Uint8Array; type?: string; name?: string }[]) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const photo of photos)
    form.append(
      'photos',
      new File([new Uint8Array(photo.bytes)], photo.name ?? 'pet.jpg', { type: photo.type ?? 'image/jpeg' }),
    )
  return form
}

const validFields = () => ({
  species: 'dog',
  // The fixture photos are of a cat: the owner confirms the species, as the page asks them to.
  confirmSpecies: 'true',
  name: 'Biscuit',
  description: 'Brown spaniel, red collar',
  lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
  lastSeenLat: String(LAST_SEEN.lat),
  lastSeenLng: String(LAST_SEEN.lng),
})

describe.each(testDatabases())('lost-pet searches on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  let other: TestUser
  let jpeg: Buffer

  beforeAll(async () => {
    owner = await t.signUp('Owner')
    other = await t.signUp('Other')
    jpeg = await catPhoto({ gps: true, orientation: 6 })
  })

  const create = (user: TestUser, form: FormData) => t.request('/api/searches', { method: 'POST', body: form, user })
  const countSearches = async (user: TestUser) =>
    Number(
      (
        await t.database.db
          .selectFrom('lost_searches')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('owner_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const storedFiles = async () =>
    (await fs.readdir(t.storageDir, { recursive: true })).filter((f) => f.endsWith('.jpg'))

  it('opens a search with photos, defaults the radius by species, and shows the owner the exact point', async () => {
    const res = await create(
      owner,
      searchForm(validFields(), [{ bytes: jpeg }, { bytes: await catPng(), type: 'image/png', name: 'b.png' }]),
    )
    expect(res.status).toBe(201)
    const search = SearchSchema.parse(await res.json())
    expect(search.radiusM).toBe(2000)
    expect(search.status).toBe('active')
    expect(search.lastSeen).toEqual(LAST_SEEN)
    expect(search.area.cell).toMatch(/^88/)
    expect(search.photos).toHaveLength(2)
    const days = (Date.parse(search.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThanOrEqual(30)
  })

  it('defaults a cat to 500 m and caps the radius at 5 km', async () => {
    const cat = await create(owner, searchForm({ ...validFields(), species: 'cat' }, [{ bytes: jpeg }]))
    expect((await cat.json()).radiusM).toBe(500)
    const tooFar = await create(owner, searchForm({ ...validFields(), radiusM: '5001' }, [{ bytes: jpeg }]))
    expect(tooFar.status).toBe(400)
  })

  it('stores a re-encoded photo: upright per EXIF, with no EXIF or GPS left', async () => {
    const res = await create(owner, searchForm(validFields(), [{ bytes: jpeg }]))
    const search = SearchSchema.parse(await res.json())
    const photoRes = await t.request(search.photos[0]!.url, { user: owner })
    expect(photoRes.status).toBe(200)
    expect(photoRes.headers.get('content-type')).toBe('image/jpeg')
    const bytes = Buffer.from(await photoRes.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    // The pixels were stored turned a quarter; orientation 6 turns them back to the 451×300 original.
    expect([meta.width, meta.height]).toEqual([451, 300])
    expect(bytes.includes('GPS')).toBe(false)
  })

  describe('refuses bad input with a 4xx and changes nothing', () => {
    const cases: [string, () => Promise<FormData>, number][] = [
      ['no photo', async () => searchForm(validFields(), []), 400],
      [
        'six photos',
        async () =>
          searchForm(
            validFields(),
            Array.from({ length: 6 }, () => ({ bytes: jpeg })),
          ),
        400,
      ],
      [
        'a text file as a photo',
        async () => searchForm(validFields(), [{ bytes: Buffer.from('hello, not an image'), type: 'image/jpeg' }]),
        415,
      ],
      [
        'a GIF',
        async () => searchForm(validFields(), [{ bytes: Buffer.from('GIF89a\x01\x00\x01\x00'), type: 'image/gif' }]),
        415,
      ],
      [
        'a truncated JPEG',
        async () => searchForm(validFields(), [{ bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) }]),
        422,
      ],
      [
        'a good photo next to a truncated one',
        async () => searchForm(validFields(), [{ bytes: jpeg }, { bytes: jpeg.subarray(0, 400) }]),
        422,
      ],
      [
        'a tiny image',
        async () => searchForm(validFields(), [{ bytes: await makeJpeg({ width: 8, height: 8 }) }]),
        422,
      ],
      ['a photo with no dog or cat in it', async () => searchForm(validFields(), [{ bytes: await makeJpeg() }]), 422],
      [
        'a pet photo next to one with no pet',
        async () => searchForm(validFields(), [{ bytes: jpeg }, { bytes: await makeJpeg() }]),
        422,
      ],
      [
        'an image over 40 megapixels',
        async () =>
          searchForm(validFields(), [
            {
              bytes: await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#777' } })
                .jpeg({ quality: 1 })
                .toBuffer(),
            },
          ]),
        413,
      ],
      [
        'a file over 10 MB',
        async () => searchForm(validFields(), [{ bytes: Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]) }]),
        413,
      ],
      ['an unknown species', async () => searchForm({ ...validFields(), species: 'parrot' }, [{ bytes: jpeg }]), 400],
      [
        'a latitude out of range',
        async () => searchForm({ ...validFields(), lastSeenLat: '91' }, [{ bytes: jpeg }]),
        400,
      ],
      [
        'a latitude that is not a number',
        async () => searchForm({ ...validFields(), lastSeenLat: 'north' }, [{ bytes: jpeg }]),
        400,
      ],
      [
        'a last-seen time in the future',
        async () =>
          searchForm({ ...validFields(), lastSeenAt: new Date(Date.now() + 86_400_000).toISOString() }, [
            { bytes: jpeg },
          ]),
        400,
      ],
      [
        'a malformed time',
        async () => searchForm({ ...validFields(), lastSeenAt: 'yesterday' }, [{ bytes: jpeg }]),
        400,
      ],
      ['an unknown field', async () => searchForm({ ...validFields(), ownerId: 'x' }, [{ bytes: jpeg }]), 400],
    ]
    it.each(cases)('%s', async (_label, makeForm, status) => {
      const before = await countSearches(other)
      const filesBefore = await storedFiles()
      const res = await create(other, await makeForm())
      expect(res.status).toBe(status)
      const body = await res.json()
      expect(body.error.code).toEqual(expect.any(String))
      expect(body.error.message).toEqual(expect.any(String))
      expect(await countSearches(other)).toBe(before)
      expect(await storedFiles()).toEqual(filesBefore)
    })

    it('a JSON body instead of multipart', async () => {
      const res = await t.request('/api/searches', jsonInit('POST', validFields(), other))
      expect(res.status).toBe(415)
      expect(await countSearches(other)).toBe(0)
    })
  })

  it('keeps the embedding of the best pet crop of each photo, with its model id', async () => {
    const search = SearchSchema.parse(
      await (await create(owner, searchForm({ ...validFields(), species: 'cat' }, [{ bytes: jpeg }]))).json(),
    )
    const rows = await t.database.db
      .selectFrom('search_photos')
      .select(['model_id', 'embedding'])
      .where('search_id', '=', search.id)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.model_id).toBe(DEFAULT_EMBEDDING_MODEL_ID)
    const embedding = JSON.parse(rows[0]!.embedding!) as number[]
    expect(embedding).toHaveLength(findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!.dimension)
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 2)
  })

  it('says why a photo without a pet is refused', async () => {
    const res = await create(other, searchForm(validFields(), [{ bytes: await makeJpeg() }]))
    expect(res.status).toBe(422)
    expect((await res.json()).error.message).toMatch(/no pet found/i)
  })

  describe.skipIf(!hasSharedData)('photos of people (from ../shared/data)', () => {
    it.each(PEOPLE_PHOTOS)('refuses %s, where a person is the subject', async (file) => {
      const before = await countSearches(other)
      const res = await create(
        other,
        searchForm(validFields(), [{ bytes: await fs.readFile(path.join(SHARED_DATA, file)) }]),
      )
      expect(res.status).toBe(422)
      expect(await countSearches(other)).toBe(before)
    })

    it('refuses a portrait even with a cat in its corner', async () => {
      const portrait = await fs.readFile(path.join(SHARED_DATA, 'people/astronaut.jpg'))
      const { width = 0, height = 0 } = await sharp(portrait).metadata()
      const cat = await sharp(await catPhoto())
        .resize({ width: 180 })
        .toBuffer()
      const { height: catHeight = 0 } = await sharp(cat).metadata()
      const composed = await sharp(portrait)
        .composite([{ input: cat, left: width - 185, top: height - catHeight - 5 }])
        .jpeg()
        .toBuffer()
      const res = await create(other, searchForm(validFields(), [{ bytes: composed }]))
      expect(res.status).toBe(422)
      expect((await res.json()).error.message).toMatch(/person is the main subject/)
    })
  })

  it('requires a session', async () => {
    const res = await t.request('/api/searches', { method: 'POST', body: searchForm(validFields(), [{ bytes: jpeg }]) })
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED')
  })

  describe('ownership', () => {
    let searchId: string
    let photoUrl: string
    beforeAll(async () => {
      const search = SearchSchema.parse(
        await (await create(owner, searchForm(validFields(), [{ bytes: jpeg }]))).json(),
      )
      searchId = search.id
      photoUrl = search.photos[0]!.url
    })

    it('lists only your own searches', async () => {
      const mine = (await (await t.request('/api/searches', { user: owner })).json()).searches
      const theirs = (await (await t.request('/api/searches', { user: other })).json()).searches
      expect(mine.map((s: { id: string }) => s.id)).toContain(searchId)
      expect(theirs.map((s: { id: string }) => s.id)).not.toContain(searchId)
    })

    it.each([
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/close'],
      ['POST', '/renew'],
    ])("another user's %s %s is a 404 and changes nothing", async (method, suffix) => {
      const body = method === 'PATCH' ? { name: 'Stolen' } : suffix === '/close' ? { outcome: 'closed' } : undefined
      const res = await t.request(
        `/api/searches/${searchId}${suffix}`,
        body ? jsonInit(method, body, other) : { method, user: other },
      )
      expect(res.status).toBe(404)
      const own = SearchSchema.parse(await (await t.request(`/api/searches/${searchId}`, { user: owner })).json())
      expect(own.name).toBe('Biscuit')
      expect(own.status).toBe('active')
    })

    it("another user's photo URL is a 404", async () => {
      expect((await t.request(photoUrl, { user: other })).status).toBe(404)
    })

    it('the public page shows a coarse area and never the exact point', async () => {
      const res = await t.request(`/api/lost-pets/${searchId}`, { user: other })
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text).not.toContain(String(LAST_SEEN.lat))
      expect(text).not.toContain(String(LAST_SEEN.lng))
      expect(text).not.toContain(owner.id)
      const pet = JSON.parse(text)
      expect(pet.area.cell).toMatch(/^88/)
      expect(pet.lastSeen).toBeUndefined()
      expect((await t.request(pet.photos[0].url)).status).toBe(200)
    })
  })

  it('updates, renews and closes your own search; a closed search is final', async () => {
    const search = SearchSchema.parse(await (await create(owner, searchForm(validFields(), [{ bytes: jpeg }]))).json())
    const moved = { lat: 51.51, lng: -0.12 }
    const patched = SearchSchema.parse(
      await (
        await t.request(
          `/api/searches/${search.id}`,
          jsonInit('PATCH', { name: 'Biscuit II', radiusM: 3000, lastSeen: moved }, owner),
        )
      ).json(),
    )
    expect(patched).toMatchObject({ name: 'Biscuit II', radiusM: 3000, lastSeen: moved })
    expect(patched.area.cell).not.toBe(search.area.cell)

    const bad = await t.request(`/api/searches/${search.id}`, jsonInit('PATCH', { radiusM: 'far' }, owner))
    expect(bad.status).toBe(400)
    expect((await t.request(`/api/searches/${search.id}`, jsonInit('PATCH', {}, owner))).status).toBe(400)

    const renewed = SearchSchema.parse(
      await (await t.request(`/api/searches/${search.id}/renew`, { method: 'POST', user: owner })).json(),
    )
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(search.expiresAt))

    const closed = SearchSchema.parse(
      await (await t.request(`/api/searches/${search.id}/close`, jsonInit('POST', { outcome: 'found' }, owner))).json(),
    )
    expect(closed.status).toBe('found')
    expect(closed.closedAt).not.toBeNull()
    expect((await t.request(`/api/searches/${search.id}`, jsonInit('PATCH', { name: 'x' }, owner))).status).toBe(409)
    expect(
      (await t.request(`/api/searches/${search.id}/close`, jsonInit('POST', { outcome: 'closed' }, owner))).status,
    ).toBe(409)
    const filtered = (await (await t.request('/api/searches?status=found', { user: owner })).json()).searches
    expect(filtered.map((s: { id: string }) => s.id)).toEqual([search.id])
  })

  it('a malformed id is a 400, an unknown one a 404', async () => {
    expect((await t.request('/api/searches/not-a-uuid', { user: owner })).status).toBe(400)
    expect((await t.request('/api/searches/00000000-0000-4000-8000-000000000000', { user: owner })).status).toBe(404)
  })
})
