import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../src/http/abuse-limits.ts'
import { jsonInit, useTestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'
import {
  asGuest,
  countRows,
  guestMessage,
  guestReply,
  guestSighting,
  type GuestCreated,
  type GuestThread,
} from './support.ts'

const UNLIMITED = { limit: 1_000_000, windowSeconds: 1 }
const DAY_MS = 24 * 3600 * 1000

describe.each(testDatabases())('guest help through the relay on $name', (testDb) => {
  const limits: { -readonly [K in keyof AbuseLimits]: AbuseLimits[K] } = {
    ...DEFAULT_ABUSE_LIMITS,
    publicReadsPerAddress: UNLIMITED,
    signUpPerAddress: UNLIMITED,
    signInPerAddress: UNLIMITED,
    searchesPerAccount: UNLIMITED,
    guestWritesPerAddress: UNLIMITED,
    guestThreadsPerSearch: UNLIMITED,
    refuseDuplicatePhotos: false,
    holdLookalikeSearches: false,
  }
  let offsetMs = 0
  const t = useTestApp(testDb, { limits, now: () => new Date(Date.now() + offsetMs) })
  let owner: TestUser
  let neighbour: TestUser
  let searchId: string

  beforeAll(async () => {
    owner = await t.signUp('Olive Owner')
    neighbour = await t.signUp('Ned Neighbour')
    searchId = (await openCatSearch(t, owner)).id
  })

  it('lets a guest write, the owner answer, and the guest read the answer with their link only', async () => {
    const sent = await guestMessage(t, searchId, { body: 'Saw a tabby by the station at 8' })
    expect(sent.status).toBe(201)
    const created = (await sent.json()) as GuestCreated
    expect(created.token).toMatch(/^hwg_[A-Za-z0-9_-]{43}$/)
    expect(created.link).toBe(`/guest#${created.token}`)
    expect(created.thread).toMatchObject({
      you: 'guest',
      pet: { searchId, name: 'Chelsea' },
      messages: [{ fromYou: true, body: 'Saw a tabby by the station at 8' }],
    })
    const stored = await t.database.db.selectFrom('relay_threads').selectAll().where('contact_id', 'is', null).execute()
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(created.token) // only its hash

    const inbox = (await (await t.request('/api/threads', { user: owner })).json()).threads
    expect(inbox).toEqual([expect.objectContaining({ you: 'pet owner', with: 'contact', guest: true })])
    const answered = await t.request(
      `/api/threads/${inbox[0].id}/messages`,
      jsonInit('POST', { body: 'Thank you! Which exit?' }, owner),
    )
    expect(answered.status).toBe(201)

    const read = await t.request('/api/guest/thread', asGuest(created.token))
    expect(read.status).toBe(200)
    const text = await read.text()
    const thread = JSON.parse(text) as GuestThread
    expect(thread.messages.map((m) => [m.fromYou, m.body])).toEqual([
      [true, 'Saw a tabby by the station at 8'],
      [false, 'Thank you! Which exit?'],
    ])
    for (const secret of [
      owner.email,
      owner.id,
      'Olive Owner',
      inbox[0].id,
      String(CAMERA_POINT.lat),
      String(CAMERA_POINT.lng),
    ])
      expect(text).not.toContain(secret)

    expect((await guestReply(t, created.token, 'The north exit')).status).toBe(201)
    const seen = await (await t.request(`/api/threads/${inbox[0].id}`, { user: owner })).json()
    expect(seen.messages.map((m: { fromYou: boolean; body: string }) => [m.fromYou, m.body]).at(-1)).toEqual([
      false,
      'The north exit',
    ])
  })

  it('gives each guest their own thread; a link opens that thread and nothing else', async () => {
    const a = (await (await guestMessage(t, searchId, { body: 'Guest A here' })).json()) as GuestCreated
    const b = (await (await guestMessage(t, searchId, { body: 'Guest B here' })).json()) as GuestCreated
    const readA = await (await t.request('/api/guest/thread', asGuest(a.token))).text()
    expect(readA).toContain('Guest A here')
    expect(readA).not.toContain('Guest B here')
    expect(await (await t.request('/api/guest/thread', asGuest(b.token))).text()).not.toContain('Guest A here')
    // A neighbour's account thread with the same owner stays out of reach too.
    await t.request(
      `/api/lost-pets/${searchId}/messages`,
      jsonInit('POST', { body: 'Neighbour with an account' }, neighbour),
    )
    const accountThread = (await (await t.request('/api/threads', { user: neighbour })).json()).threads[0].id
    for (const path of [
      '/api/threads',
      `/api/threads/${accountThread}`,
      '/api/searches',
      `/api/searches/${searchId}`,
      '/api/devices/me',
      '/api/me/audit',
    ])
      expect([401, 404], path).toContain((await t.request(path, asGuest(a.token))).status)
    expect(
      (
        await t.request(
          `/api/threads/${accountThread}/messages`,
          asGuest(a.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"x"}' }),
        )
      ).status,
    ).toBe(401)
  })

  it('answers 404 for a wrong or expired link and 401 without one', async () => {
    const created = (await (await guestMessage(t, searchId, { body: 'Expiring soon' })).json()) as GuestCreated
    const wrong = `hwg_${'A'.repeat(43)}`
    expect((await t.request('/api/guest/thread', asGuest(wrong))).status).toBe(404)
    expect((await guestReply(t, wrong, 'hello')).status).toBe(404)
    expect((await t.request('/api/guest/thread', asGuest(`${created.token.slice(0, -1)}x`))).status).toBe(404)
    expect((await t.request('/api/guest/thread')).status).toBe(401)
    expect(
      (await t.request('/api/guest/thread', { headers: { authorization: 'Bearer hwd_notaguesttokenatall1234' } }))
        .status,
    ).toBe(401)
    offsetMs = 31 * DAY_MS
    try {
      const before = await countRows(t)
      expect((await t.request('/api/guest/thread', asGuest(created.token))).status).toBe(404)
      expect((await guestReply(t, created.token, 'still there?')).status).toBe(404)
      expect(await countRows(t)).toEqual(before)
    } finally {
      offsetMs = 0
    }
    expect((await t.request('/api/guest/thread', asGuest(created.token))).status).toBe(200)
  })

  it('refuses bad input with a 400 and changes nothing', async () => {
    const before = await countRows(t)
    const bad: Record<string, unknown>[] = [
      {},
      { body: '' },
      { body: '   ' },
      { body: 'x'.repeat(2001) },
      { body: 'hi', website: 'http://spam.example' },
      { body: 'hi', extra: 1 },
      { body: 'a\u0000b' },
      { body: 42 },
    ]
    for (const body of bad)
      expect((await guestMessage(t, searchId, body)).status, JSON.stringify(body).slice(0, 40)).toBe(400)
    const seen = { seenAt: new Date(Date.now() - 3600_000).toISOString(), lat: '51.47', lng: '-0.12' }
    for (const fields of [
      { ...seen, seenAt: 'yesterday' },
      { ...seen, seenAt: new Date(Date.now() + 2 * DAY_MS).toISOString() },
      { ...seen, lat: '91' },
      { ...seen, lng: '' },
      { ...seen, website: 'x' },
      { ...seen, note: 'x'.repeat(2001) },
    ])
      expect((await guestSighting(t, searchId, fields)).status, JSON.stringify(fields).slice(0, 60)).toBe(400)
    expect((await guestMessage(t, 'not-a-uuid', { body: 'hi' })).status).toBe(400)
    expect((await guestMessage(t, '00000000-0000-4000-8000-000000000000', { body: 'hi' })).status).toBe(404)
    expect(await countRows(t)).toEqual(before)
  })

  it('refuses a guest write that another site’s page made, cookie or not', async () => {
    const before = await countRows(t)
    expect(
      (
        await guestMessage(
          t,
          searchId,
          { body: 'from elsewhere' },
          { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403)
    expect(
      (await guestMessage(t, searchId, { body: 'from a sibling' }, { 'sec-fetch-site': 'same-site' })).status,
    ).toBe(403)
    expect(await countRows(t)).toEqual(before)
  })

  it('keeps a guest sighting as a time and a coarse cell only, in the owner’s thread', async () => {
    const point = { lat: 51.471234, lng: -0.123456 }
    const res = await guestSighting(t, searchId, {
      seenAt: new Date(Date.now() - 1800_000).toISOString(),
      lat: String(point.lat),
      lng: String(point.lng),
      note: 'Under a parked van',
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as GuestCreated
    const sighting = created.thread.messages[0]!.sighting!
    expect(sighting.area.cell).toMatch(/^88/)
    expect(sighting.photoUrl).toBeNull()
    const row = await t.database.db
      .selectFrom('relay_messages')
      .selectAll()
      .where('body', '=', 'Under a parked van')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ author_id: null, seen_cell: sighting.area.cell, photo_key: null })
    expect(JSON.stringify(row)).not.toMatch(/51\.4712|0\.1234/)
    // A bare "I saw it" needs no words.
    expect(
      (await guestSighting(t, searchId, { seenAt: new Date().toISOString(), lat: '51.47', lng: '-0.12' })).status,
    ).toBe(201)
  })

  it('limits guest floods per search and per thread (429 with Retry-After)', async () => {
    const other = (await openCatSearch(t, owner, { fields: { name: 'Pip' } })).id
    for (let i = 0; i < 3; i++) expect((await guestMessage(t, other, { body: `hello ${i}` })).status).toBe(201)
    limits.guestThreadsPerSearch = { limit: 4, windowSeconds: 24 * 3600 }
    try {
      const before = await countRows(t)
      const fourth = (await (await guestMessage(t, other, { body: 'fourth' })).json()) as GuestCreated
      const over = await guestMessage(t, other, { body: 'fifth' })
      expect(over.status).toBe(429)
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(
        (await guestSighting(t, other, { seenAt: new Date().toISOString(), lat: '51.47', lng: '-0.12' })).status,
      ).toBe(429)
      expect((await countRows(t)).threads).toBe(before.threads + 1)
      limits.guestMessagesPerThread = { limit: 2, windowSeconds: 3600 }
      expect((await guestReply(t, fourth.token, 'second')).status).toBe(201)
      expect((await guestReply(t, fourth.token, 'third')).status).toBe(429)
    } finally {
      limits.guestThreadsPerSearch = UNLIMITED
      limits.guestMessagesPerThread = DEFAULT_ABUSE_LIMITS.guestMessagesPerThread
    }
  })

  it('takes no guest messages for a pet that is home', async () => {
    const home = (await openCatSearch(t, owner, { fields: { name: 'Home' } })).id
    expect((await t.request(`/api/searches/${home}/close`, jsonInit('POST', { outcome: 'found' }, owner))).status).toBe(
      200,
    )
    expect((await guestMessage(t, home, { body: 'hi' })).status).toBe(409)
  })
})

describe.each(testDatabases())('guest writes per client address on $name', (testDb) => {
  // The per-address window is in memory and read once at start-up; app.request has no socket, so one address.
  const t = useTestApp(testDb, {
    limits: { guestWritesPerAddress: { limit: 3, windowSeconds: 3600 }, guestThreadsPerSearch: UNLIMITED },
  })

  it('answers 429 with Retry-After past the address’s hourly guest writes, for messages and sightings alike', async () => {
    const searchId = (await openCatSearch(t, await t.signUp('Owner'))).id
    for (let i = 0; i < 2; i++) expect((await guestMessage(t, searchId, { body: `hello ${i}` })).status).toBe(201)
    expect(
      (await guestSighting(t, searchId, { seenAt: new Date().toISOString(), lat: '51.47', lng: '-0.12' })).status,
    ).toBe(201)
    const before = await countRows(t)
    const over = await guestMessage(t, searchId, { body: 'one more' })
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect(
      (await guestSighting(t, searchId, { seenAt: new Date().toISOString(), lat: '51.47', lng: '-0.12' })).status,
    ).toBe(429)
    expect(await countRows(t)).toEqual(before)
  })
})
