import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, jsonInit, type TestApp, type TestUser } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

const TOWN = { lat: 48.2082, lng: 16.3738 }

describe.each(testDatabases())('neighbour feed and transparency on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser
  const ids: string[] = []

  beforeAll(async () => {
    t = await startTestApp(testDb)
    owner = await t.signUp('Pet owner')
    for (let i = 0; i < 5; i++) {
      ids.push((await openCatSearch(t, owner, { fields: { name: `Cat ${i}` }, at: { lat: TOWN.lat + i * 0.003, lng: TOWN.lng } })).id)
    }
    await t.request(`/api/searches/${ids[4]}/close`, jsonInit('POST', { outcome: 'closed' }, owner))
  })
  afterAll(async () => t?.dispose())

  const feedPage = async (query: string) => (await t.request(`/api/feed?${query}`)).json()

  it('lists public lost pets near a place, newest first, page by page, with coarse areas only', async () => {
    const first = await feedPage(`lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=3&limit=2`)
    const second = await feedPage(`lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=3&limit=2&cursor=${first.nextCursor}`)
    const third = await feedPage(`lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=3&limit=2&cursor=${second.nextCursor}`)
    const seen = [...first.items, ...second.items, ...third.items].map((item: { id: string }) => item.id)
    expect(seen).toEqual([ids[3], ids[2], ids[1], ids[0]])
    expect(third.nextCursor).toBeNull()
    const text = JSON.stringify([first, second])
    expect(text).not.toContain(owner.id)
    expect(text).not.toContain(String(TOWN.lat + 0.003))
    expect(first.items[0].area.cell).toMatch(/^88/)
    expect((await t.request(first.items[0].photoUrl)).status).toBe(200)
  })

  it('shows nothing from another town, and refuses bad queries', async () => {
    expect((await feedPage(`lat=${TOWN.lat + 1}&lng=${TOWN.lng}&radiusKm=5`)).items).toEqual([])
    for (const query of ['lat=91&lng=0', 'lat=1', 'lat=1&lng=1&radiusKm=50', 'lat=1&lng=1&cursor=nonsense', 'lat=x&lng=1'])
      expect((await t.request(`/api/feed?${query}`)).status).toBe(400)
  })

  it('publishes counts at /transparency, including deletions by revocation', async () => {
    const cameraOwner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, cameraOwner)
    await sendBatch(t, token, { sightings: [sighting(), sighting()] })
    await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: cameraOwner })
    const counts = await (await t.request('/transparency')).json()
    expect(counts.searches).toMatchObject({ active: 4, closed: 1 })
    expect(counts.consentRevocations).toBeGreaterThanOrEqual(1)
    expect(counts.sightingsDeletedByRevocation).toBeGreaterThanOrEqual(2)
    expect(counts.thirdPartyDataRequests).toEqual({})
    expect(JSON.stringify(counts)).not.toContain(camera.id)
  })
})
