import { beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

/** Last-seen points whose digits would be easy to spot in a page. */
const TOWN = { lat: 48.20817, lng: 16.37382 }
const near = (i: number) => ({ lat: TOWN.lat + i * 0.00311, lng: TOWN.lng })

describe.each(testDatabases())('the feed page, rendered on the server, on $name', (testDb) => {
  const t = useTestApp(testDb, { web: true })
  let owner: TestUser
  const ids: string[] = []
  const place = `lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=5`

  beforeAll(async () => {
    owner = await t.signUp('Pet owner')
    for (let i = 0; i < 3; i++)
      ids.push((await openCatSearch(t, owner, { fields: { name: `Whiskers ${i}` }, at: near(i) })).id)
    await t.request(`/api/searches/${ids[0]}/close`, jsonInit('POST', { outcome: 'found' }, owner))
  })

  const cardNames = (html: string) => [...html.matchAll(/<a href="\/pets\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])

  it('comes with the first page of cards for the place in its URL, the first photo fetched early', async () => {
    const res = await t.request(`/feed?${place}&limit=2`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(cardNames(html)).toEqual(['Whiskers 2', 'Whiskers 1'])
    expect(html).toMatch(/<ul id="feed-results" class="grid" data-rendered="" data-next-cursor="[\w-]+"/)
    expect(html).toContain('2 pets within 5 km, newest first.')
    expect(html.match(/fetchpriority="high"/g)).toHaveLength(1)
    expect(html).toMatch(/Less than 1 km away/)
    expect(html).toMatch(/<time datetime="[^"]+">1 hour ago<\/time>/)
    // The neighbour's own place is in the form, folded away; nobody's last-seen point is anywhere.
    expect(html).toContain(`value="${TOWN.lat}"`)
    expect(html).toContain('<details class="place-details">')
    for (const i of [1, 2]) expect(html).not.toContain(String(near(i).lat))
    expect(html).not.toContain(owner.id)
  })

  it('adds the next page as cards from /feed/cards, with the cursor of the one after in a header', async () => {
    const first = await (await t.request(`/feed?${place}&limit=2`)).text()
    const cursor = /data-next-cursor="([\w-]+)"/.exec(first)![1]!
    const more = await t.request(`/feed/cards?${place}&limit=2&cursor=${cursor}`)
    expect(more.status).toBe(200)
    expect(more.headers.get('content-type')).toMatch(/^text\/html/)
    expect(more.headers.get('feed-next-cursor')).toBe('')
    const html = await more.text()
    expect(cardNames(html)).toEqual(['Whiskers 0'])
    expect(html).toContain('Home again')
    expect(html).not.toContain('fetchpriority')
    expect(html).not.toContain('<html')
  })

  it('keeps a radius from the link that its list lacks, so more cards keep to it', async () => {
    const html = await (await t.request(`/feed?lat=${TOWN.lat}&lng=${TOWN.lng}&radiusKm=3`)).text()
    expect(html).toMatch(/<option value="3" selected="">3 km<\/option>/)
    expect(html.match(/ selected=""/g)).toHaveLength(1)
  })

  it('answers the Spanish page and cards in Spanish', async () => {
    const html = await (await t.request(`/feed?${place}&lang=es`)).text()
    expect(html).toContain('3 mascotas')
    const cards = await (await t.request(`/feed/cards?${place}`, { headers: { 'accept-language': 'es' } })).text()
    expect(cards).toContain('Gato perdido')
  })

  it('shows the empty form for no place or a bad one, and refuses bad card queries with a 400', async () => {
    for (const query of ['', '?lat=91&lng=0', '?lat=x&lng=1', '?lat=1&lng=1&radiusKm=50']) {
      const res = await t.request(`/feed${query}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('Choose a place to see the pets reported near it.')
      expect(html).not.toContain('data-rendered')
      expect(html).not.toContain('<details class="place-details">')
    }
    for (const query of ['lat=91&lng=0', 'lat=1', 'lat=1&lng=1&radiusKm=50', 'lat=1&lng=1&cursor=nonsense']) {
      const res = await t.request(`/feed/cards?${query}`)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('INVALID_INPUT')
    }
  })
})
