// Issue #20 (Low): a NUL byte in a text field gave a 500 (PostgreSQL 22021); it must be a 400 that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { CAMERA_POINT, registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

const NUL = 'Fluffy\u0000'

describe.each(testDatabases())('NUL bytes in text on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser
  let other: TestUser
  let searchId: string
  let cameraId: string
  let before: string

  /** Every table's row count: a refused request must leave all of them as they were. */
  const snapshot = async () => {
    const tables = ['users', 'cameras', 'lost_searches', 'found_reports', 'relay_messages', 'relay_threads'] as const
    const counts = await Promise.all(
      tables.map(async (table) => [
        table,
        Number(
          (
            await t.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ]),
    )
    const search = await t.database.db
      .selectFrom('lost_searches')
      .select(['name', 'description'])
      .where('id', '=', searchId)
      .executeTakeFirst()
    const camera = await t.database.db
      .selectFrom('cameras')
      .select(['name'])
      .where('id', '=', cameraId)
      .executeTakeFirst()
    return JSON.stringify({ counts, search, camera })
  }
  const multipart = async (fields: Record<string, string>, fileField: string) => {
    const body = new FormData()
    for (const [key, value] of Object.entries(fields)) body.append(key, value)
    body.append(fileField, new File([new Uint8Array(await catPhoto())], 'pet.jpg', { type: 'image/jpeg' }))
    return body
  }
  const at = new Date(Date.now() - 3600_000).toISOString()

  beforeAll(async () => {
    t = await startTestApp(testDb)
    owner = await t.signUp('Pet owner')
    other = await t.signUp('Neighbour')
    searchId = (await openCatSearch(t, owner)).id
    cameraId = (await registerCamera(t, other)).id
  })
  afterAll(async () => t?.dispose())

  const cases: [string, () => Promise<Response>][] = [
    [
      'sign-up name',
      () =>
        t.request('/api/auth/sign-up/email', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE_URL },
          body: JSON.stringify({
            email: `nul-${Date.now()}@example.com`,
            password: 'correct horse battery staple',
            name: NUL,
          }),
        }),
    ],
    [
      'camera name',
      () =>
        t.request(
          '/api/cameras',
          jsonInit(
            'POST',
            { name: NUL, location: CAMERA_POINT, consent: { version: CAMERA_CONSENT_VERSION, accepted: true } },
            other,
          ),
        ),
    ],
    ['camera rename', () => t.request(`/api/cameras/${cameraId}`, jsonInit('PATCH', { name: NUL }, other))],
    ['search edit', () => t.request(`/api/searches/${searchId}`, jsonInit('PATCH', { description: NUL }, owner))],
    [
      'search form',
      async () =>
        t.request('/api/searches', {
          method: 'POST',
          user: owner,
          body: await multipart(
            {
              species: 'cat',
              name: NUL,
              lastSeenAt: at,
              lastSeenLat: String(CAMERA_POINT.lat),
              lastSeenLng: String(CAMERA_POINT.lng),
            },
            'photos',
          ),
        }),
    ],
    [
      'found report form',
      async () =>
        t.request('/api/found-pets', {
          method: 'POST',
          user: other,
          body: await multipart(
            {
              species: 'cat',
              foundAt: at,
              lat: String(CAMERA_POINT.lat),
              lng: String(CAMERA_POINT.lng),
              description: NUL,
            },
            'photo',
          ),
        }),
    ],
    [
      'relay message',
      () => t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: `I saw her ${NUL}` }, other)),
    ],
    ['feed cursor', () => t.request('/api/feed?lat=51.46&lng=-0.11&cursor=%00')],
  ]

  it.each(cases)('refuses a NUL byte in the %s with a 400 and changes nothing', async (_name, send) => {
    before = await snapshot()
    const res = await send()
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('INVALID_INPUT')
    expect(await snapshot()).toBe(before)
  })
})
