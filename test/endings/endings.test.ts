import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { SearchSchema } from '../../src/searches/search.schema.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { FIXED_PET_EMBEDDING } from '../support/fake-pet-photos.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

const HOUR = 3600_000
const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url')
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

describe.each(testDatabases())('ending a search well on $name', (testDb) => {
  let skew = 0 // the app's clock runs this far ahead of the wall clock
  const t = useTestApp(testDb, {
    now: () => new Date(Date.now() + skew),
    matching: { modelId: DEFAULT_EMBEDDING_MODEL_ID, minSimilarity: 0.5 },
  })
  let owner: TestUser
  let finder: TestUser
  let otherFinder: TestUser

  beforeAll(async () => {
    owner = await t.signUp('Pet owner')
    finder = await t.signUp('Finder')
    otherFinder = await t.signUp('Other finder')
  })

  const post = (p: string, user: TestUser, body: unknown = {}) => t.request(p, jsonInit('POST', body, user))
  const reportFound = async (user: TestUser) => {
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date(Date.now() + skew).toISOString(),
      lat: String(CAMERA_POINT.lat),
      lng: String(CAMERA_POINT.lng),
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'cat.jpg', { type: 'image/jpeg' }))
    const res = await t.request('/api/found-pets', { method: 'POST', body: form, user })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  const matchesOf = async (searchId: string, n: number) => {
    for (let i = 0; i < 80; i++) {
      const { matches } = (await (
        await t.request(`/api/searches/${searchId}/found-matches`, { user: owner })
      ).json()) as { matches: { id: string }[] }
      if (matches.length >= n) return matches.map((m) => m.id)
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error('found reports were not matched')
  }
  const statusOf = async (id: string) =>
    (await t.database.db.selectFrom('found_reports').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status
  const feedIds = async () => {
    const res = await t.request(`/api/feed?lat=${CAMERA_POINT.lat}&lng=${CAMERA_POINT.lng}&radiusKm=2&limit=50`)
    return ((await res.json()) as { items: { id: string; kind: string; status?: string }[] }).items
  }

  it('marks home only the found reports of the reunion, drops them from the feed, and undoes both within a day', async () => {
    const { id } = await openCatSearch(t, owner)
    const talked = await reportFound(finder)
    const silent = await reportFound(otherFinder)
    expect((await matchesOf(id, 2)).sort()).toEqual([talked, silent].sort())
    expect(
      (await post(`/api/searches/${id}/found-matches/${talked}/messages`, owner, { body: 'That is Chelsea!' })).status,
    ).toBe(201)

    const home = SearchSchema.parse(await (await post(`/api/searches/${id}/close`, owner, { outcome: 'found' })).json())
    expect(home.status).toBe('found')
    expect(Date.parse(home.reopenUntil!) - Date.parse(home.closedAt!)).toBe(24 * HOUR)
    expect([await statusOf(talked), await statusOf(silent)]).toEqual(['reunited', 'active'])
    const feed = await feedIds()
    expect(feed.find((i) => i.id === id)).toMatchObject({ kind: 'lost', status: 'found' })
    expect(feed.map((i) => i.id)).not.toContain(talked)
    expect(feed.map((i) => i.id)).toContain(silent)
    expect((await t.request(`/api/found-pets/${talked}`)).status).toBe(404)

    expect((await post(`/api/searches/${id}/reopen`, finder)).status).toBe(404)
    const reopened = SearchSchema.parse(await (await post(`/api/searches/${id}/reopen`, owner)).json())
    expect(reopened).toMatchObject({ status: 'active', closedAt: null, reopenUntil: null })
    expect(await statusOf(talked)).toBe('active')
    expect((await post(`/api/searches/${id}/reopen`, owner)).status).toBe(409)
  })

  it('marks the found reports the owner names, only among the search’s matches', async () => {
    const { id } = await openCatSearch(t, owner)
    const mine = await reportFound(finder)
    await matchesOf(id, 1)
    const unrelated = (await openCatSearch(t, otherFinder)).id // a search, not a found report of this one
    expect(
      (await post(`/api/searches/${id}/close`, owner, { outcome: 'found', foundReportIds: [unrelated] })).status,
    ).toBe(404)
    expect((await (await t.request(`/api/searches/${id}`, { user: owner })).json()).status).toBe('active')
    expect((await post(`/api/searches/${id}/close`, owner, { outcome: 'found', foundReportIds: [mine] })).status).toBe(
      200,
    )
    expect(await statusOf(mine)).toBe('reunited')
  })

  it('cannot be undone more than a day after, nor for a search closed as given up', async () => {
    const { id } = await openCatSearch(t, owner)
    expect((await post(`/api/searches/${id}/close`, owner, { outcome: 'found' })).status).toBe(200)
    skew = 24 * HOUR + 60_000
    try {
      const late = await post(`/api/searches/${id}/reopen`, owner)
      expect(late.status).toBe(410)
      expect((await late.json()).error.code).toBe('GONE')
    } finally {
      skew = 0
    }
    const closed = await openCatSearch(t, owner)
    expect((await post(`/api/searches/${closed.id}/close`, owner, { outcome: 'closed' })).status).toBe(200)
    expect((await post(`/api/searches/${closed.id}/reopen`, owner)).status).toBe(409)
  })

  it('lets a finder close their own found report, which leaves the feed; nobody else can', async () => {
    const id = await reportFound(finder)
    expect((await post(`/api/found-pets/${id}/close`, otherFinder)).status).toBe(404)
    expect((await t.request(`/api/found-pets/${id}/close`, { method: 'POST' })).status).toBe(401)
    const closed = await post(`/api/found-pets/${id}/close`, finder)
    expect(closed.status).toBe(200)
    expect(await closed.json()).toMatchObject({ id, status: 'closed' })
    expect((await post(`/api/found-pets/${id}/close`, finder)).status).toBe(409)
    expect((await feedIds()).map((i) => i.id)).not.toContain(id)
    const mine = (await (await t.request('/api/me/found-pets', { user: finder })).json()).foundPets as {
      id: string
      status: string
    }[]
    expect(mine.find((f) => f.id === id)?.status).toBe('closed')
    expect(
      (await (await t.request('/api/me/found-pets', { user: otherFinder })).json()).foundPets.map(
        (f: { id: string }) => f.id,
      ),
    ).not.toContain(id)
  })

  it('sends an optional thank-you to the finder and, once, to a camera owner who shared, through the relay', async () => {
    const { id } = await openCatSearch(t, owner)
    const found = await reportFound(finder)
    await matchesOf(id, 1)
    const cameraOwner = await t.signUp('Camera owner')
    const shareId = await shareSnapshot(id, cameraOwner)

    const thank = (to: unknown, user = owner) =>
      post(`/api/searches/${id}/thanks`, user, { to, body: 'Thank you so much!' })
    expect((await thank({ kind: 'finder', foundReportId: found })).status).toBe(409) // not home yet
    await post(`/api/searches/${id}/close`, owner, { outcome: 'found' })
    const { recipients } = await (await t.request(`/api/searches/${id}/thanks/recipients`, { user: owner })).json()
    expect(recipients.map((r: { kind: string }) => r.kind).sort()).toEqual(['camera owner', 'finder'])
    expect(JSON.stringify(recipients)).not.toContain(finder.id)
    expect(JSON.stringify(recipients)).not.toContain(cameraOwner.id)
    expect((await t.request(`/api/searches/${id}/thanks/recipients`, { user: finder })).status).toBe(404)
    expect((await thank({ kind: 'finder', foundReportId: found }, finder)).status).toBe(404)

    expect((await thank({ kind: 'finder', foundReportId: found })).status).toBe(201)
    const toCamera = await thank({ kind: 'camera owner', shareId })
    expect(toCamera.status).toBe(201)
    expect((await toCamera.json()).with).toBe('contact')
    expect((await thank({ kind: 'camera owner', shareId })).status).toBe(409)
    expect((await thank({ kind: 'camera owner', shareId: crypto.randomUUID() })).status).toBe(404)

    const threads = (await (await t.request('/api/threads', { user: cameraOwner })).json()).threads as {
      id: string
      you: string
    }[]
    expect(threads).toHaveLength(1)
    const thread = await (await t.request(`/api/threads/${threads[0]!.id}`, { user: cameraOwner })).json()
    expect(thread).toMatchObject({
      you: 'contact',
      with: 'pet owner',
      messages: [{ fromYou: false, body: 'Thank you so much!' }],
    })
    expect(JSON.stringify(thread)).not.toContain(owner.email)
  })

  /** A camera owner's agent shares one snapshot of an alert for this search, sealed to the owner's key. */
  async function shareSnapshot(searchId: string, cameraOwner: TestUser): Promise<string> {
    const device = await pairedCamera(t, cameraOwner)
    const device_ = (p: string, init: RequestInit = {}) =>
      t.request(p, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      })
    await sendBatch(t, device.token, {
      sightings: [sighting({ species: 'cat', embedding: [...FIXED_PET_EMBEDDING], snapshotRef: 'snap-1' })],
    })
    let alertId: string | undefined
    for (let i = 0; i < 80 && !alertId; i++) {
      const alerts = (await (await t.request('/api/alerts', { user: cameraOwner })).json()).alerts as {
        id: string
        pet: { searchId: string }
      }[]
      alertId = alerts.find((a) => a.pet.searchId === searchId)?.id
      if (!alertId) await new Promise((r) => setTimeout(r, 250))
    }
    expect(
      (await t.request(`/api/alerts/${alertId}/share-request`, { method: 'POST', user: cameraOwner })).status,
    ).toBe(202)
    const keyPair = await suite.kem.generateKeyPair()
    const publicKey = b64(await suite.kem.serializePublicKey(keyPair.publicKey))
    expect((await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey }, owner))).status).toBe(
      200,
    )
    const sealed = await suite.seal({ recipientPublicKey: keyPair.publicKey }, new Uint8Array(randomBytes(256)))
    const res = await device_(`/api/devices/alerts/${alertId}/share`, {
      method: 'POST',
      body: JSON.stringify({ snapshotRef: 'snap-1', enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
})
