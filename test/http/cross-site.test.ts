// Issue #20 (Low): a page on a sibling subdomain could post forms and bodyless requests with the user's cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { pairedCamera, registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'

const SIBLING = 'http://evil.localhost:8787' // same site as localhost:8787, another origin

describe.each(testDatabases())('cross-site writes on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser
  let cameraId: string
  const codes = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('camera_pairing_codes')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const searches = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('lost_searches')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const pairingCode = (headers: Record<string, string>) =>
    t.request(`/api/cameras/${cameraId}/pairing-code`, { method: 'POST', user: owner, headers })
  const searchForm = async () => {
    const body = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      name: 'Chelsea',
      lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
      lastSeenLat: '51.4613',
      lastSeenLng: '-0.1156',
    }))
      body.append(k, v)
    body.append('photos', new File([new Uint8Array(await catPhoto())], 'pet.jpg', { type: 'image/jpeg' }))
    return body
  }

  beforeAll(async () => {
    t = await startTestApp(testDb, { web: true })
    owner = await t.signUp('Camera owner')
    cameraId = (await registerCamera(t, owner)).id
  })
  afterAll(async () => t?.dispose())

  it.each([
    [{ origin: SIBLING }],
    [{ origin: SIBLING, 'sec-fetch-site': 'same-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ origin: 'null' }],
  ])('refuses a bodyless POST with %j and makes no pairing code', async (headers) => {
    const before = await codes()
    const res = await pairingCode(headers)
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('FORBIDDEN')
    expect(await codes()).toBe(before)
  })

  it('refuses a multipart form posted from the sibling and opens no search', async () => {
    const res = await t.request('/api/searches', {
      method: 'POST',
      user: owner,
      headers: { origin: SIBLING, 'sec-fetch-site': 'same-site' },
      body: await searchForm(),
    })
    expect(res.status).toBe(403)
    expect(await searches()).toBe(0)
  })

  it('refuses a sign-out form from the sibling, and the session still works', async () => {
    expect(
      (await t.request('/sign-out', { method: 'POST', user: owner, headers: { origin: SIBLING }, redirect: 'manual' }))
        .status,
    ).toBe(403)
    expect((await t.request('/api/me/notifications', { user: owner })).status).toBe(200)
  })

  it.each([
    [{ origin: BASE_URL, 'sec-fetch-site': 'same-origin' }],
    [{ origin: BASE_URL }],
    [{ 'sec-fetch-site': 'same-origin' }],
    [{}],
  ])('takes the same request from this site or a non-browser client (%j)', async (headers) => {
    expect((await pairingCode(headers)).status).toBe(201)
  })

  it('leaves device-token routes alone', async () => {
    const { token } = await pairedCamera(t, owner)
    const res = await t.request('/api/devices/alerts', {
      headers: { authorization: `Bearer ${token}`, origin: SIBLING },
    })
    expect(res.status).toBe(200)
  })
})
