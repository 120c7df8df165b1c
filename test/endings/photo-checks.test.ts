import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { SearchSchema } from '../../src/searches/search.schema.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data')
const NO_PET = path.join(SHARED, 'negatives/building.jpg')
const DOG_DIR = path.join(SHARED, 'pets/breeds/saint_bernard')
const PERSON = path.join(SHARED, 'people/astronaut.jpg')
const hasData = existsSync(NO_PET) && existsSync(DOG_DIR) && existsSync(PERSON)
const dogPhoto = () =>
  readFileSync(
    path.join(
      DOG_DIR,
      readdirSync(DOG_DIR)
        .filter((f) => f.endsWith('.jpg'))
        .sort()[0]!,
    ),
  )

describe.skipIf(!hasData).each(testDatabases())('photo checks that ask instead of refusing, on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser

  beforeAll(async () => {
    owner = await t.signUp('Owner')
  })

  const file = (bytes: Buffer, name = 'pet.jpg') => new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' })
  const openSearch = (photos: Buffer[], fields: Record<string, string> = {}) => {
    const form = new FormData()
    const values = {
      species: 'cat',
      name: 'Chelsea',
      lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
      lastSeenLat: String(CAMERA_POINT.lat),
      lastSeenLng: String(CAMERA_POINT.lng),
      ...fields,
    }
    for (const [k, v] of Object.entries(values)) form.append(k, v)
    for (const p of photos) form.append('photos', file(p))
    return t.request('/api/searches', { method: 'POST', body: form, user: owner })
  }
  const reportFound = (photo: Buffer, fields: Record<string, string> = {}) => {
    const form = new FormData()
    const values = {
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(CAMERA_POINT.lat),
      lng: String(CAMERA_POINT.lng),
      ...fields,
    }
    for (const [k, v] of Object.entries(values)) form.append(k, v)
    form.append('photo', file(photo))
    return t.request('/api/found-pets', { method: 'POST', body: form, user: owner })
  }
  const countSearches = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('lost_searches')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('owner_id', '=', owner.id)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const embeddings = async (searchId: string) =>
    (
      await t.database.db
        .selectFrom('search_photos')
        .select(['position', 'embedding'])
        .where('search_id', '=', searchId)
        .orderBy('position')
        .execute()
    ).map((p) => p.embedding !== null)

  it('asks about a photo with no pet (422 PHOTO_WITHOUT_PET, nothing saved), then keeps it shown but unmatched', async () => {
    const before = await countSearches()
    const asked = await openSearch([await catPhoto(), readFileSync(NO_PET)])
    expect(asked.status).toBe(422)
    const { error } = await asked.json()
    expect(error.code).toBe('PHOTO_WITHOUT_PET')
    expect(error.details).toEqual({
      chosenSpecies: 'cat',
      photos: [{ field: 'photos[1]', index: 1, problem: 'no-pet' }],
    })
    expect(await countSearches()).toBe(before)

    const kept = await openSearch([await catPhoto(), readFileSync(NO_PET)], { keepWithoutPet: 'true' })
    expect(kept.status).toBe(201)
    const search = SearchSchema.parse(await kept.json())
    expect(search.photos.map((p) => p.usedForMatching)).toEqual([true, false])
    expect(search.needsClearPhoto).toBe(false)
    expect(await embeddings(search.id)).toEqual([true, false])
    // Neighbours still see the kept photo.
    const pub = await (await t.request(`/api/lost-pets/${search.id}`)).json()
    expect(pub.photos).toHaveLength(2)
  })

  it('keeps a report whose only photo has no pet, marked as not matched until a clear photo is added', async () => {
    const res = await openSearch([readFileSync(NO_PET)], { keepWithoutPet: 'true' })
    expect(res.status).toBe(201)
    const search = SearchSchema.parse(await res.json())
    expect(search.needsClearPhoto).toBe(true)
    expect(await embeddings(search.id)).toEqual([false])

    const add = (bytes: Buffer) => {
      const form = new FormData()
      form.append('photo', file(bytes))
      return t.request(`/api/searches/${search.id}/photos`, { method: 'POST', body: form, user: owner })
    }
    const cleared = SearchSchema.parse(await (await add(await catPhoto())).json())
    expect(cleared.needsClearPhoto).toBe(false)
    expect(await embeddings(search.id)).toEqual([false, true])
  })

  it('asks to confirm a dog photo filed as a cat (409 SPECIES_MISMATCH), and takes it once confirmed', async () => {
    const before = await countSearches()
    const asked = await openSearch([dogPhoto()])
    expect(asked.status).toBe(409)
    const { error } = await asked.json()
    expect(error.code).toBe('SPECIES_MISMATCH')
    expect(error.details.photos).toEqual([{ field: 'photos[0]', index: 0, problem: 'species-mismatch', seen: 'dog' }])
    expect(await countSearches()).toBe(before)

    expect((await openSearch([dogPhoto()], { species: 'dog' })).status).toBe(201)
    const confirmed = await openSearch([dogPhoto()], { confirmSpecies: 'true' })
    expect(confirmed.status).toBe(201)
    const search = SearchSchema.parse(await confirmed.json())
    expect(search.species).toBe('cat')
    expect(await embeddings(search.id)).toEqual([true])
  })

  it('still refuses a photo where a person is the main subject, whatever the owner answers', async () => {
    const res = await openSearch([readFileSync(PERSON)], { keepWithoutPet: 'true', confirmSpecies: 'true' })
    expect(res.status).toBe(422)
    expect((await res.json()).error.code).toBe('UNPROCESSABLE')
  })

  it('asks the same when adding a photo on the edit page', async () => {
    const { id } = await openCatSearch(t, owner)
    const add = (bytes: Buffer, fields: Record<string, string> = {}) => {
      const form = new FormData()
      form.append('photo', file(bytes))
      for (const [k, v] of Object.entries(fields)) form.append(k, v)
      return t.request(`/api/searches/${id}/photos`, { method: 'POST', body: form, user: owner })
    }
    expect((await (await add(readFileSync(NO_PET))).json()).error.code).toBe('PHOTO_WITHOUT_PET')
    expect((await (await add(dogPhoto())).json()).error.code).toBe('SPECIES_MISMATCH')
    expect(await embeddings(id)).toEqual([true])
    const kept = SearchSchema.parse(await (await add(readFileSync(NO_PET), { keepWithoutPet: 'true' })).json())
    expect(kept.photos.map((p) => p.usedForMatching)).toEqual([true, false])
    expect((await add(dogPhoto(), { confirmSpecies: 'true' })).status).toBe(200)
    expect(await embeddings(id)).toEqual([true, false, true])
  })

  it('asks the same of a found-pet report; a report kept without a pet is never matched', async () => {
    expect((await (await reportFound(dogPhoto())).json()).error.code).toBe('SPECIES_MISMATCH')
    expect((await (await reportFound(readFileSync(NO_PET))).json()).error.code).toBe('PHOTO_WITHOUT_PET')
    const kept = await reportFound(readFileSync(NO_PET), { keepWithoutPet: 'true' })
    expect(kept.status).toBe(201)
    const found = await kept.json()
    expect(found.usedForMatching).toBe(false)
    const row = await t.database.db
      .selectFrom('found_reports')
      .select(['model_id', 'embedding'])
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ model_id: null, embedding: null })
    const mine = await (await t.request('/api/me/found-pets', { user: owner })).json()
    expect(mine.foundPets.find((f: { id: string }) => f.id === found.id)).toMatchObject({
      usedForMatching: false,
      status: 'active',
    })
  })
})
