// Issue #20 (Low): numbers sent as text are decimals; "" was stored as 0 and "0x10" as 16.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'

describe.each(testDatabases())('numbers in forms on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser
  let photo: Buffer

  const form = (fields: Record<string, string>, fileField: string) => {
    const body = new FormData()
    for (const [key, value] of Object.entries(fields)) body.append(key, value)
    body.append(fileField, new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
    return body
  }
  const openSearch = (fields: Record<string, string>) =>
    t.request('/api/searches', {
      method: 'POST',
      user: owner,
      body: form(
        {
          species: 'cat',
          name: 'Chelsea',
          lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
          lastSeenLat: String(CAMERA_POINT.lat),
          lastSeenLng: String(CAMERA_POINT.lng),
          ...fields,
        },
        'photos',
      ),
    })
  const reportFound = (fields: Record<string, string>) =>
    t.request('/api/found-pets', {
      method: 'POST',
      user: owner,
      body: form(
        {
          species: 'cat',
          foundAt: new Date(Date.now() - 3600_000).toISOString(),
          lat: String(CAMERA_POINT.lat),
          lng: String(CAMERA_POINT.lng),
          ...fields,
        },
        'photo',
      ),
    })
  const count = async (table: 'lost_searches' | 'found_reports') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  beforeAll(async () => {
    t = await startTestApp(testDb)
    owner = await t.signUp('Pet owner')
    photo = await catPhoto()
  })
  afterAll(async () => t?.dispose())

  it.each<Record<string, string>>([
    { lastSeenLat: '' },
    { lastSeenLat: '0x10' },
    { lastSeenLng: '0b11' },
    { lastSeenLng: '-0.1156 ' },
    { lastSeenLat: ' 51.46' },
    { lastSeenLat: 'Infinity' },
    { radiusM: '' },
    { radiusM: '0x3e8' },
  ])('refuses a search with %j and stores nothing', async (fields) => {
    const res = await openSearch(fields)
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('INVALID_INPUT')
    expect(await count('lost_searches')).toBe(0)
  })

  it.each<Record<string, string>>([{ lat: '' }, { lng: '0x10' }])(
    'refuses a found report with %j and stores nothing',
    async (fields) => {
      expect((await reportFound(fields)).status).toBe(400)
      expect(await count('found_reports')).toBe(0)
    },
  )

  it('refuses a feed query for the empty place', async () => {
    expect((await t.request('/api/feed?lat=&lng=')).status).toBe(400)
  })

  it('still takes plain decimals, negative ones too', async () => {
    expect((await openSearch({ lastSeenLat: '51.4613', lastSeenLng: '-0.1156', radiusM: '1500' })).status).toBe(201)
    expect(
      (await openSearch({ lastSeenLat: String(51.4613 + 0.0004), lastSeenLng: String(-0.1156 - 0.0003) })).status,
    ).toBe(201) // float sums print long
    expect((await t.request('/api/feed?lat=51.4613&lng=-0.1156')).status).toBe(200)
  })
})
