import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp, type TestUser } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto, makeJpeg } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'
import { countRows, guestSighting, type GuestCreated } from './support.ts'

const guestPhotos = async (dir: string) =>
  (await fs.readdir(path.join(dir, 'guest')).catch(() => [] as string[])).length

describe.each(testDatabases())('a guest sighting’s photo goes through the found-report checks on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  let stranger: TestUser
  let searchId: string
  const seen = () => ({ seenAt: new Date(Date.now() - 600_000).toISOString(), lat: '51.4712', lng: '-0.1234' })

  beforeAll(async () => {
    owner = await t.signUp('Owner')
    stranger = await t.signUp('Stranger')
    searchId = (await openCatSearch(t, owner)).id
  })

  it('refuses a photo with no dog or cat (422) and keeps nothing', async () => {
    const before = await countRows(t)
    const res = await guestSighting(t, searchId, seen(), await makeJpeg())
    expect(res.status).toBe(422)
    expect((await res.json()).error.message).toMatch(/no pet found/)
    expect(await countRows(t)).toEqual(before)
    expect(await guestPhotos(t.storageDir)).toBe(0)
  })

  it('stores a cat photo re-encoded without its EXIF, for the pet owner’s eyes only', async () => {
    const res = await guestSighting(t, searchId, seen(), await catPhoto({ gps: true }))
    expect(res.status).toBe(201)
    const created = (await res.json()) as GuestCreated
    expect(created.thread.messages[0]!.sighting).toMatchObject({ photoUrl: null })
    const thread = (await (await t.request('/api/threads', { user: owner })).json()).threads[0]
    const full = await (await t.request(`/api/threads/${thread.id}`, { user: owner })).json()
    const photoUrl = full.messages[0].sighting.photoUrl as string
    const photo = await t.request(photoUrl, { user: owner })
    expect(photo.status).toBe(200)
    const bytes = Buffer.from(await photo.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect(meta.format).toBe('jpeg')
    expect(meta.exif).toBeUndefined()
    expect(bytes.toString('latin1')).not.toContain('GPS 51.5007')
    expect((await t.request(photoUrl, { user: stranger })).status).toBe(404)
    expect((await t.request(photoUrl)).status).toBe(401)
    expect(await guestPhotos(t.storageDir)).toBe(1)
  })
})
