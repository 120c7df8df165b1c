// Issue #20: people are masked in photos stored since the masking change, but photos stored before it were served
// as uploaded. Such a photo (masked_at null, sql/0070) is never served; the backfill job masks it through the same
// port as an upload and marks it. Real people from ../shared/data, through the real vision pipeline.
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startJobQueue, stopJobQueue } from '../../src/jobs/boss.ts'
import { countUnmaskedPhotos } from '../../src/photos/photo-backfill.repository.ts'
import { backfillPhotoMasks, PHOTO_MASK_VERSION } from '../../src/photos/photo-backfill.service.ts'
import { sharpPhotoImages } from '../../src/photos/photo-image.ts'
import { createFileStorage } from '../../src/storage/blob-storage.ts'
import { startPhotoMaskBackfill } from '../../workers/photo-mask-backfill.ts'
import { guestSighting } from '../guest/support.ts'
import { sharedPetPhotoAnalyzer, type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data')
const hasSharedData = existsSync(path.join(SHARED_DATA, 'people/labels.csv'))
if (!hasSharedData) console.info(`${SHARED_DATA} is absent: the photo-mask backfill tests are skipped`)
const read = (file: string) => fs.readFile(path.join(SHARED_DATA, file))

/** The astronaut portrait beside a Newfoundland, as an owner uploaded it before masking: a person in plain view. */
async function portraitBesideDog() {
  const person = await sharp(await read('people/astronaut.jpg'))
    .resize({ height: 380 })
    .toBuffer()
  const dog = await sharp(await read('pets/breeds/newfoundland/newfoundland_10.jpg'))
    .resize({ height: 440 })
    .toBuffer()
  const pw = (await sharp(person).metadata()).width!
  const dw = (await sharp(dog).metadata()).width!
  return sharp({ create: { width: pw + dw, height: 440, channels: 3, background: '#6b8e5a' } })
    .composite([
      { input: person, left: 0, top: 60 },
      { input: dog, left: pw, top: 0 },
    ])
    .jpeg()
    .toBuffer()
}

/** People the detector finds in `jpeg` outside the pets' boxes (what masking must leave none of). */
async function visiblePeople(jpeg: Buffer) {
  const found = await (await sharedPetPhotoAnalyzer()).inspect(jpeg, 'photo')
  return found.people.filter((p) =>
    found.petBoxes.every(
      (b) => p.x >= b.x + b.width || p.x + p.width <= b.x || p.y >= b.y + b.height || p.y + p.height <= b.y,
    ),
  )
}

describe.skipIf(!hasSharedData).each(testDatabases())('re-masking photos stored before masking on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  let unmasked: Buffer
  beforeAll(async () => {
    owner = await t.signUp('Owner')
    unmasked = await portraitBesideDog()
    expect((await visiblePeople(unmasked)).length).toBeGreaterThan(0)
  })

  const intake = async () => ({ petPhotos: await sharedPetPhotoAnalyzer(), photoImages: sharpPhotoImages })
  const form = (fields: Record<string, string>, field: string, photo: Buffer) => {
    const body = new FormData()
    for (const [k, v] of Object.entries(fields)) body.append(k, v)
    body.append(field, new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
    return body
  }
  const dogPhoto = () => read('pets/breeds/newfoundland/newfoundland_10.jpg')

  /** A search and a found report whose stored files are put back to what was stored before masking existed. */
  async function oldPhotos(foundFile: Buffer) {
    const lastSeenAt = new Date(Date.now() - 3600_000).toISOString()
    const search = await (
      await t.request('/api/searches', {
        method: 'POST',
        user: owner,
        body: form(
          { species: 'dog', name: 'Bruno', lastSeenAt, lastSeenLat: '51.50135', lastSeenLng: '-0.14189' },
          'photos',
          await dogPhoto(),
        ),
      })
    ).json()
    const found = await (
      await t.request('/api/found-pets', {
        method: 'POST',
        user: owner,
        body: form(
          { species: 'dog', foundAt: new Date().toISOString(), lat: '51.5', lng: '-0.14' },
          'photo',
          await dogPhoto(),
        ),
      })
    ).json()
    const photo = await t.database.db
      .selectFrom('search_photos')
      .select(['id', 'storage_key'])
      .where('search_id', '=', search.id)
      .executeTakeFirstOrThrow()
    const report = await t.database.db
      .selectFrom('found_reports')
      .select(['id', 'photo_key'])
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow()
    await t.storage.put(photo.storage_key, unmasked)
    await t.storage.put(report.photo_key, foundFile)
    await sql`update search_photos set masked_at = null, mask_version = null where id = ${photo.id}`.execute(
      t.database.db,
    )
    await sql`update found_reports set masked_at = null, mask_version = null where id = ${report.id}`.execute(
      t.database.db,
    )
    return {
      searchUrl: `/api/lost-pets/${search.id}/photos/${photo.id}`,
      foundUrl: found.photoUrl as string,
      photo,
      report,
    }
  }

  it('never serves an old photo before it is masked; the backfill masks it, marks it, and it is served masked', async () => {
    const old = await oldPhotos(unmasked)
    expect((await t.request(old.searchUrl)).status).toBe(404)
    expect((await t.request(old.foundUrl)).status).toBe(404)
    expect(await countUnmaskedPhotos(t.database.db)).toBe(2)

    const result = await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })
    expect(result).toMatchObject({ masked: 2, refused: 0 })
    expect(await countUnmaskedPhotos(t.database.db)).toBe(0)
    const row = await t.database.db
      .selectFrom('search_photos')
      .select(['masked_at', 'mask_version', 'bytes'])
      .where('id', '=', old.photo.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ masked_at: expect.any(Date), mask_version: PHOTO_MASK_VERSION })
    for (const url of [old.searchUrl, old.foundUrl]) {
      const served = await t.request(url)
      expect(served.status).toBe(200)
      const bytes = Buffer.from(await served.arrayBuffer())
      expect(bytes.equals(unmasked)).toBe(false)
      expect(await visiblePeople(bytes)).toEqual([])
    }
    expect(row.bytes).toBe((await t.storage.get(old.photo.storage_key))!.byteLength)
  })

  it('is idempotent and resumable: a second run does nothing, an interrupted one finishes the rest', async () => {
    expect(await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })).toEqual({
      unchanged: 0,
      masked: 0,
      refused: 0,
      missing: 0,
    })
    const a = await oldPhotos(unmasked)
    const b = await oldPhotos(unmasked)
    // A run that dies after its first photo (the models fail to load the second time): that photo stays marked.
    let loads = 0
    const flaky = async () => {
      const real = await intake()
      return {
        ...real,
        petPhotos: {
          ...real.petPhotos,
          inspect: (...args: Parameters<typeof real.petPhotos.inspect>) =>
            ++loads > 1 ? Promise.reject(new Error('killed')) : real.petPhotos.inspect(...args),
        },
      }
    }
    await expect(backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake: flaky }, 1)).rejects.toThrow(
      'killed',
    )
    expect(await countUnmaskedPhotos(t.database.db)).toBe(3)
    const rest = await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })
    expect(rest.masked).toBe(3)
    for (const url of [a.searchUrl, a.foundUrl, b.searchUrl, b.foundUrl])
      expect((await t.request(url)).status).toBe(200)
  })

  it('masks a guest’s sighting photo from before masking too, served to the owner only after', async () => {
    const lastSeenAt = new Date(Date.now() - 3600_000).toISOString()
    const search = await (
      await t.request('/api/searches', {
        method: 'POST',
        user: owner,
        body: form(
          { species: 'dog', name: 'Rex', lastSeenAt, lastSeenLat: '51.47', lastSeenLng: '-0.12' },
          'photos',
          await dogPhoto(),
        ),
      })
    ).json()
    const sent = await guestSighting(
      t,
      search.id,
      { seenAt: new Date(Date.now() - 600_000).toISOString(), lat: '51.4712', lng: '-0.1234' },
      await dogPhoto(),
    )
    expect(sent.status).toBe(201)
    const message = await t.database.db
      .selectFrom('relay_messages')
      .innerJoin('relay_threads', 'relay_threads.id', 'relay_messages.thread_id')
      .select(['relay_messages.id', 'relay_messages.photo_key', 'relay_threads.id as thread_id'])
      .where('relay_threads.search_id', '=', search.id)
      .executeTakeFirstOrThrow()
    await t.storage.put(message.photo_key!, unmasked)
    await sql`update relay_messages set masked_at = null, mask_version = null where id = ${message.id}`.execute(
      t.database.db,
    )
    const full = await (await t.request(`/api/threads/${message.thread_id}`, { user: owner })).json()
    const photoUrl = full.messages[0].sighting.photoUrl as string
    expect((await t.request(photoUrl, { user: owner })).status).toBe(404)
    expect(await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })).toMatchObject({ masked: 1 })
    const served = await t.request(photoUrl, { user: owner })
    expect(served.status).toBe(200)
    expect(await visiblePeople(Buffer.from(await served.arrayBuffer()))).toEqual([])
  })

  it('leaves a photo whose file this storage cannot read unmarked and unserved, and does not load the models for it', async () => {
    const old = await oldPhotos(unmasked)
    await t.storage.delete(old.photo.storage_key)
    await t.storage.delete(old.report.photo_key)
    let loads = 0
    const counting = async () => (loads++, intake())
    expect(await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake: counting })).toMatchObject({
      missing: 2,
      masked: 0,
    })
    expect(loads).toBe(0)
    expect(await countUnmaskedPhotos(t.database.db)).toBe(2) // tried again at the next start, e.g. once the files are back
    await t.storage.put(old.photo.storage_key, unmasked)
    await t.storage.put(old.report.photo_key, unmasked)
    expect(await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })).toMatchObject({
      missing: 0,
      masked: 2,
    })
    expect((await t.request(old.searchUrl)).status).toBe(200)
  })

  it('refuses and deletes an old photo whose main subject is a person, as an upload would be', async () => {
    const old = await oldPhotos(await read('people/astronaut.jpg'))
    const result = await backfillPhotoMasks({ db: t.database.db, storage: t.storage, intake })
    expect(result).toMatchObject({ masked: 1, refused: 1 })
    expect(await t.storage.get(old.report.photo_key)).toBeUndefined()
    expect((await t.request(old.foundUrl)).status).toBe(404)
    const row = await t.database.db
      .selectFrom('found_reports')
      .select(['masked_at', 'mask_refused_at'])
      .where('id', '=', old.report.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ masked_at: null, mask_refused_at: expect.any(Date) })
    expect(await countUnmaskedPhotos(t.database.db)).toBe(0)
  })
})

describe.skipIf(!hasSharedData).each(testDatabases())('the photo-mask backfill job on $name', (testDb) => {
  let database: Awaited<ReturnType<typeof testDb.open>>
  let dir: string
  beforeAll(async () => {
    database = await testDb.open()
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hw-backfill-'))
  })
  afterAll(async () => {
    await database?.dispose()
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('runs once at start through the job queue and masks a photo left from before masking', async () => {
    const storage = createFileStorage(dir)
    await storage.put('found/old.jpg', await portraitBesideDog())
    await sql`insert into users (id, name, email) values ('finder', 'Finder', 'finder@example.com')`.execute(
      database.db,
    )
    await sql`insert into found_reports (finder_id, species, cell, found_at, photo_key, model_id, embedding, expires_at, masked_at, mask_version)
      values ('finder', 'dog', '87195da49ffffff', now(), 'found/old.jpg', null, null, now() + interval '30 days', null, null)`.execute(
      database.db,
    )
    expect(await countUnmaskedPhotos(database.db)).toBe(1)
    const target =
      database.kind === 'postgres'
        ? ({ kind: 'postgres', url: database.url! } as const)
        : ({ kind: 'pglite', pglite: database.pglite!, kysely: database.db } as const)
    const boss = await startJobQueue(target, { onError: () => {} })
    try {
      await startPhotoMaskBackfill(boss, {
        db: database.db,
        storage,
        intake: async () => ({ petPhotos: await sharedPetPhotoAnalyzer(), photoImages: sharpPhotoImages }),
      })
      const end = Date.now() + 60_000
      while ((await countUnmaskedPhotos(database.db)) > 0 && Date.now() < end)
        await new Promise((r) => setTimeout(r, 200))
      expect(await countUnmaskedPhotos(database.db)).toBe(0)
      expect(await visiblePeople((await storage.get('found/old.jpg'))!)).toEqual([])
    } finally {
      await stopJobQueue(boss, 2000)
    }
  }, 90_000)
})
