import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../src/http/abuse-limits.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { foundCatForm } from '../support/searches.ts'
import { catPhoto } from '../support/images.ts'

describe.each(testDatabases())('floods on $name', (testDb) => {
  // Mutable, so one app can show each limit on its own.
  const limits: { -readonly [K in keyof AbuseLimits]: AbuseLimits[K] } = { ...DEFAULT_ABUSE_LIMITS }
  const t = useTestApp(testDb, { vision: 'real', limits })

  const openSearch = async (user: TestUser, photo: Buffer, name = 'Rex', at = CAMERA_POINT) => {
    const form = new FormData()
    const fields = {
      species: 'cat',
      name,
      lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
      lastSeenLat: String(at.lat),
      lastSeenLng: String(at.lng),
    }
    for (const [key, value] of Object.entries(fields)) form.append(key, value)
    form.append('photos', new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
    return t.request('/api/searches', { method: 'POST', body: form, user })
  }
  const feedCount = async (at: { lat: number; lng: number }) =>
    (await (await t.request(`/api/feed?lat=${at.lat}&lng=${at.lng}&radiusKm=1&kind=lost`)).json()).items.length

  it('one account opening the same pet again and again gets one search; the feed shows the pet once', async () => {
    const owner = await t.signUp('Flooder')
    const at = { lat: CAMERA_POINT.lat + 0.5, lng: CAMERA_POINT.lng }
    const photo = await catPhoto()
    const flipped = await sharp(photo).flop().jpeg({ quality: 70 }).toBuffer()
    const statuses: number[] = []
    for (let i = 0; i < 9; i++) statuses.push((await openSearch(owner, i % 2 ? flipped : photo, `Rex ${i}`, at)).status)
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409])
    const refused = await openSearch(owner, photo, 'Rex again', at)
    expect((await refused.json()).error.message).toContain('already in your open search')
    expect(await feedCount(at)).toBe(1)

    // Littermates: the owner may say it is another pet; the active-search cap still bounds a flood.
    const form = async (name: string) => {
      const f = new FormData()
      for (const [k, v] of Object.entries({
        species: 'cat',
        name,
        lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
        lastSeenLat: String(at.lat),
        lastSeenLng: String(at.lng),
        distinctPet: 'true',
      }))
        f.append(k, v)
      f.append('photos', new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
      return (await t.request('/api/searches', { method: 'POST', body: f, user: owner })).status
    }
    expect([await form('Sibling'), await form('Third'), await form('Fourth')]).toEqual([201, 201, 409])
    expect(await feedCount(at)).toBe(3)
  })

  it('caps active searches per account and rates how many an account opens a day (429 with Retry-After)', async () => {
    limits.refuseDuplicatePhotos = false
    try {
      const owner = await t.signUp('Many searches')
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await openSearch(owner, await catPhoto(), `Cat ${i}`)).status)
      expect(statuses).toEqual([201, 201, 201, 409])
      const mine = (await (await t.request('/api/searches', { user: owner })).json()).searches as { id: string }[]
      for (const s of mine)
        expect(
          (await t.request(`/api/searches/${s.id}/close`, jsonInit('POST', { outcome: 'closed' }, owner))).status,
        ).toBe(200)
      for (let i = 0; i < 3; i++) expect((await openSearch(owner, await catPhoto(), `Later ${i}`)).status).toBe(201)
      const seventh = await openSearch(owner, await catPhoto(), 'Seventh')
      expect(seventh.status).toBe(429)
      expect(Number(seventh.headers.get('retry-after'))).toBeGreaterThan(3600)
      expect((await (await t.request('/api/searches', { user: owner })).json()).searches).toHaveLength(6)
    } finally {
      limits.refuseDuplicatePhotos = true
    }
  })

  it('rates found-pet reports per account', async () => {
    limits.foundReportsPerAccount = { limit: 3, windowSeconds: 24 * 3600 }
    const finder = await t.signUp('Finder flood')
    const report = async () => {
      const form = await foundCatForm()
      return t.request('/api/found-pets', { method: 'POST', body: form, user: finder })
    }
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await report()).status)
    expect(statuses).toEqual([201, 201, 201, 429])
    expect(
      await t.database.db.selectFrom('found_reports').select('id').where('finder_id', '=', finder.id).execute(),
    ).toHaveLength(3)
  })

  it('rates relay messages per account', async () => {
    limits.relayMessagesPerAccount = { limit: 5, windowSeconds: 3600 }
    const owner = await t.signUp('Owner of a lost cat')
    const search = (await (
      await openSearch(owner, await catPhoto(), 'Relay cat', { lat: CAMERA_POINT.lat - 0.5, lng: CAMERA_POINT.lng })
    ).json()) as { id: string }
    const spammer = await t.signUp('Spammer')
    const statuses: number[] = []
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await t.request(`/api/lost-pets/${search.id}/messages`, jsonInit('POST', { body: `message ${i}` }, spammer)))
          .status,
      )
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429])
    expect(
      await t.database.db.selectFrom('relay_messages').select('id').where('author_id', '=', spammer.id).execute(),
    ).toHaveLength(5)
  })

  it('caps the open alert event streams per user; closing one frees its place', async () => {
    const user = await t.signUp('Streams')
    const open = async () => {
      const abort = new AbortController()
      const res = await t.request('/api/alerts/stream', { user, signal: abort.signal })
      return {
        res,
        close: async () => {
          abort.abort()
          await res.body?.cancel().catch(() => {})
        },
      }
    }
    const streams = []
    for (let i = 0; i < DEFAULT_ABUSE_LIMITS.eventStreamsPerAccount; i++) streams.push(await open())
    expect(streams.map((s) => s.res.status)).toEqual(streams.map(() => 200))
    const extra = await open()
    expect(extra.res.status).toBe(429)
    expect(extra.res.headers.get('retry-after')).toMatch(/^\d+$/)
    const other = await t.request('/api/alerts/stream', { user: await t.signUp('Someone else') })
    expect(other.status).toBe(200)
    await other.body?.cancel()
    await streams.pop()!.close()
    await new Promise((r) => setTimeout(r, 100))
    const again = await open()
    expect(again.res.status).toBe(200)
    for (const s of [...streams, again]) await s.close()
  })
})
