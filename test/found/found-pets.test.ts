import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto, makeJpeg } from '../support/images.ts'
import { CALIBRATED_MATCHING } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

describe.each(testDatabases())('found-pet reports on $name', (testDb) => {
  const t = useTestApp(testDb, {
    vision: 'real',
    matching: CALIBRATED_MATCHING,
  })
  let owner: TestUser
  let finder: TestUser
  let searchId: string

  beforeAll(async () => {
    owner = await t.signUp('Pet owner')
    finder = await t.signUp('Finder')
    searchId = (await openCatSearch(t, owner)).id
  })

  const report = (photo: Buffer, fields: Record<string, string> = {}, user: TestUser | null = finder) => {
    const form = new FormData()
    const values = {
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(CAMERA_POINT.lat + 0.002),
      lng: String(CAMERA_POINT.lng),
      ...fields,
    }
    for (const [k, v] of Object.entries(values)) form.append(k, v)
    form.append('photo', new File([new Uint8Array(photo)], 'found.jpg', { type: 'image/jpeg' }))
    return t.request('/api/found-pets', { method: 'POST', body: form, ...(user && { user }) })
  }
  const matchesOf = async (user: TestUser) =>
    (await t.request(`/api/searches/${searchId}/found-matches`, { user })).json()

  it('matches a found cat to the lost cat’s search, shown only to that search’s owner, with a coarse area', async () => {
    const res = await report(
      await sharp(await catPhoto())
        .flop()
        .jpeg()
        .toBuffer(),
      { description: 'Friendly, in our garden' },
    )
    expect(res.status).toBe(201)
    const found = await res.json()
    expect(found.area.cell).toMatch(/^88/)
    expect(JSON.stringify(found)).not.toContain(String(CAMERA_POINT.lat + 0.002))
    let list: { matches: { id: string; similarity: number }[] } = { matches: [] }
    for (let i = 0; i < 60 && list.matches.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250))
      list = await matchesOf(owner)
    }
    expect(list.matches.map((m) => m.id)).toEqual([found.id])
    expect(list.matches[0]!.similarity).toBeGreaterThan(CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]!)
    expect((await t.request(`/api/searches/${searchId}/found-matches`, { user: finder })).status).toBe(404)
    const page = await (await t.request(`/api/found-pets/${found.id}`)).text()
    expect(page).not.toContain(finder.id)
    expect(page).not.toContain(finder.email)
    expect((await t.request(found.photoUrl)).headers.get('content-type')).toBe('image/jpeg')
  })

  it('lets the pet owner write to a matching pet’s finder through the relay, neither learning who the other is', async () => {
    const [match] = (await matchesOf(owner)).matches as { id: string }[]
    const write = (user: TestUser | undefined, foundId: string, body = 'That is our Chelsea!', search = searchId) =>
      t.request(`/api/searches/${search}/found-matches/${foundId}/messages`, jsonInit('POST', { body }, user))
    const res = await write(owner, match!.id)
    expect(res.status).toBe(201)
    const thread = await res.json()
    expect(thread).toMatchObject({ you: 'pet owner', with: 'contact', pet: { searchId, name: 'Chelsea' } })
    expect(thread.messages.map((m: { fromYou: boolean; body: string }) => [m.fromYou, m.body])).toEqual([
      [true, 'That is our Chelsea!'],
    ])

    const inbox = (await (await t.request('/api/threads', { user: finder })).json()).threads
    expect(inbox.map((x: { id: string; you: string }) => [x.id, x.you])).toEqual([[thread.id, 'contact']])
    const replied = await t.request(
      `/api/threads/${thread.id}/messages`,
      jsonInit('POST', { body: 'She is safe with us' }, finder),
    )
    expect(replied.status).toBe(201)
    expect((await (await write(owner, match!.id, 'Coming now')).json()).id).toBe(thread.id)
    const seenByOwner = await (await t.request(`/api/threads/${thread.id}`, { user: owner })).json()
    expect(seenByOwner.messages.map((m: { fromYou: boolean; body: string }) => [m.fromYou, m.body])).toEqual([
      [true, 'That is our Chelsea!'],
      [false, 'She is safe with us'],
      [true, 'Coming now'],
    ])
    for (const secret of [finder.email, finder.id, 'Finder']) expect(JSON.stringify(seenByOwner)).not.toContain(secret)
    const seenByFinder = await (await t.request(`/api/threads/${thread.id}`, { user: finder })).text()
    for (const secret of [owner.email, owner.id, 'Pet owner']) expect(seenByFinder).not.toContain(secret)

    // Only the search's owner, only about a found pet that matched it; refused requests write nothing.
    const messages = async () => (await t.database.db.selectFrom('relay_messages').select('id').execute()).length
    const before = await messages()
    const stranger = await t.signUp('Stranger')
    const otherSearch = (await openCatSearch(t, stranger, { fields: { name: 'Not Chelsea' } })).id
    expect((await write(stranger, match!.id)).status).toBe(404)
    expect((await write(finder, match!.id)).status).toBe(404)
    expect((await write(stranger, match!.id, 'hi', otherSearch)).status).toBe(404)
    expect((await write(owner, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await write(owner, match!.id, '')).status).toBe(400)
    expect((await write(undefined, match!.id)).status).toBe(401)
    expect(await messages()).toBe(before)
  })

  it('refuses a photo without a pet, bad fields and anonymous reports, storing nothing', async () => {
    const count = async () => (await t.database.db.selectFrom('found_reports').select('id').execute()).length
    const before = await count()
    expect((await report(await makeJpeg())).status).toBe(422)
    expect((await report(await catPhoto(), { species: 'parrot' })).status).toBe(400)
    expect((await report(await catPhoto(), { lat: '100' })).status).toBe(400)
    expect((await report(await catPhoto(), { foundAt: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(
      400,
    )
    expect((await report(await catPhoto(), {}, null)).status).toBe(401)
    expect(await count()).toBe(before)
  })
})
