import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import { startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto, makeJpeg } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

describe.each(testDatabases())('found-pet reports on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser
  let finder: TestUser
  let searchId: string

  beforeAll(async () => {
    t = await startTestApp(testDb, { matching: { modelId: DEFAULT_EMBEDDING_MODEL_ID, minSimilarity: CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]! } })
    owner = await t.signUp('Pet owner')
    finder = await t.signUp('Finder')
    searchId = (await openCatSearch(t, owner)).id
  })
  afterAll(async () => t?.dispose())

  const report = (photo: Buffer, fields: Record<string, string> = {}, user: TestUser | null = finder) => {
    const form = new FormData()
    const values = { species: 'cat', foundAt: new Date().toISOString(), lat: String(CAMERA_POINT.lat + 0.002), lng: String(CAMERA_POINT.lng), ...fields }
    for (const [k, v] of Object.entries(values)) form.append(k, v)
    form.append('photo', new File([new Uint8Array(photo)], 'found.jpg', { type: 'image/jpeg' }))
    return t.request('/api/found-pets', { method: 'POST', body: form, ...(user && { user }) })
  }
  const matchesOf = async (user: TestUser) => (await t.request(`/api/searches/${searchId}/found-matches`, { user })).json()

  it('matches a found cat to the lost cat’s search, shown only to that search’s owner, with a coarse area', async () => {
    const res = await report(await sharp(await catPhoto()).flop().jpeg().toBuffer(), { description: 'Friendly, in our garden' })
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

  it('refuses a photo without a pet, bad fields and anonymous reports, storing nothing', async () => {
    const count = async () => (await t.database.db.selectFrom('found_reports').select('id').execute()).length
    const before = await count()
    expect((await report(await makeJpeg())).status).toBe(422)
    expect((await report(await catPhoto(), { species: 'parrot' })).status).toBe(400)
    expect((await report(await catPhoto(), { lat: '100' })).status).toBe(400)
    expect((await report(await catPhoto(), { foundAt: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(400)
    expect((await report(await catPhoto(), {}, null)).status).toBe(401)
    expect(await count()).toBe(before)
  })
})
