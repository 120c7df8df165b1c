import { beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'
import { FeedItem } from '../../src/feed/feed.routes.ts'

const TOWN = { lat: 48.2082, lng: 16.3738 }

describe.each(testDatabases())('neighbour feed and transparency on $name', (testDb) => {
  // The transparency report covers completed UTC days only: its test moves the app's clock to tomorrow.
  let daysAhead = 0
  const t = useTestApp(testDb, { now: () => new Date(Date.now() + daysAhead * 86_400_000) })
  let owner: TestUser
  const ids: string[] = []

  beforeAll(async () => {
    owner = await t.signUp('Pet owner')
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await openCatSearch(t, owner, {
            fields: { name: `Cat ${i}` },
            at: { lat: TOWN.lat + i * 0.003, lng: TOWN.lng },
          })
        ).id,
      )
    }
    await t.request(`/api/searches/${ids[4]}/close`, jsonInit('POST', { outcome: 'closed' }, owner))
  })

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
    for (const query of [
      'lat=91&lng=0',
      'lat=1',
      'lat=1&lng=1&radiusKm=50',
      'lat=1&lng=1&cursor=nonsense',
      'lat=x&lng=1',
    ])
      expect((await t.request(`/api/feed?${query}`)).status).toBe(400)
  })

  it('lists found pets beside lost ones, with a kind, and filters by kind and species', async () => {
    const finder = await t.signUp('Finder')
    const form = new FormData()
    const fields = {
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(TOWN.lat + 0.0011),
      lng: String(TOWN.lng),
      description: 'Tabby by the bakery',
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
    const reported = await t.request('/api/found-pets', { method: 'POST', body: form, user: finder })
    expect(reported.status).toBe(201)
    const found = await reported.json()
    const near = `lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=3`
    const all = await feedPage(near)
    for (const item of all.items) FeedItem.parse(item)
    expect(all.items[0]).toMatchObject({
      id: found.id,
      kind: 'found',
      species: 'cat',
      description: 'Tabby by the bakery',
      area: { cell: found.area.cell },
    })
    expect(all.items.slice(1).map((i: { id: string; kind: string }) => [i.id, i.kind])).toEqual(
      [ids[3], ids[2], ids[1], ids[0]].map((id) => [id, 'lost']),
    )
    expect((await t.request(all.items[0].photoUrl)).headers.get('content-type')).toBe('image/jpeg')
    const text = JSON.stringify(all)
    for (const secret of [finder.id, finder.email, String(TOWN.lat + 0.0011)]) expect(text).not.toContain(secret)

    expect((await feedPage(`${near}&kind=found`)).items.map((i: { id: string }) => i.id)).toEqual([found.id])
    expect((await feedPage(`${near}&kind=lost&limit=1`)).items.map((i: { id: string }) => i.id)).toEqual([ids[3]])
    const paged = await feedPage(`${near}&limit=1`)
    expect(
      (await feedPage(`${near}&limit=1&cursor=${paged.nextCursor}`)).items.map((i: { id: string }) => i.id),
    ).toEqual([ids[3]])
    expect((await feedPage(`${near}&species=dog`)).items).toEqual([])
    expect((await feedPage(`${near}&species=cat&kind=found`)).items).toHaveLength(1)
    for (const bad of ['kind=stray', 'species=parrot'])
      expect((await t.request(`/api/feed?${near}&${bad}`)).status).toBe(400)
  })

  // Not over HTTP (npm run test:edge): the test moves the app's clock to tomorrow, and the Worker's clock is
  // the real one (nothing a request could move, by design).
  it.skipIf(process.env.EDGE_URL)(
    'publishes daily counts at /transparency for completed days only, small ones as "<5", including deletions by revocation',
    async () => {
      const cameraOwner = await t.signUp('Camera owner')
      const { camera, token } = await pairedCamera(t, cameraOwner)
      await sendBatch(t, token, { sightings: [sighting(), sighting(), sighting(), sighting(), sighting()] })
      await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: cameraOwner })
      const today = new Date().toISOString().slice(0, 10)
      const now = await (await t.request('/transparency')).json()
      expect(now.days.map((d: { day: string }) => d.day)).not.toContain(today) // today still moves: not published
      daysAhead = 1
      const counts = await (await t.request('/transparency.json')).json()
      expect(counts.to).toBe(today)
      const day = counts.days.find((d: { day: string }) => d.day === today)
      expect(day).toMatchObject({
        searchesOpened: 5,
        petsHome: 0,
        consentRevocations: '<5',
        sightingsDeletedByRevocation: 5,
      })
      expect(counts.totals).toMatchObject({ searchesOpened: 5, consentRevocations: '<5' })
      expect(counts.thirdPartyDataRequests).toEqual({})
      expect(JSON.stringify(counts)).not.toContain(camera.id)
      daysAhead = 0
    },
  )
})
