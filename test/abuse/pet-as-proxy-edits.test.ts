import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { circleAroundCell, distanceM } from '../../src/geo/cells.ts'
import { DEFAULT_ABUSE_LIMITS } from '../../src/http/abuse-limits.ts'
import { LOOKALIKE_NEARBY_M, MAX_RADIUS_M } from '../../src/searches/search.rules.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { mirroredCat, openCatSearch } from './support.ts'

// A second cat, unlike the fixture's, for a search that starts out innocent; the data set is not in the repository.
const otherCatDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/pets/breeds/Bengal',
)
const hasOtherCat = fs.existsSync(otherCatDir)
const otherCat = () =>
  fs.readFileSync(
    path.join(
      otherCatDir,
      fs.readdirSync(otherCatDir).find((name) => name.endsWith('.jpg'))!,
    ),
  )

// The hold a new look-alike search gets must not be bypassed by editing a search that started elsewhere or with another photo.
describe.each(testDatabases())('pet-as-proxy through later edits on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real', limits: DEFAULT_ABUSE_LIMITS })
  let owner: TestUser
  let ownersSearch: string
  beforeAll(async () => {
    owner = await t.signUp('The real owner')
    ownersSearch = (await (await open(owner, await catPhoto())).json()).id
  })

  const mirrored = mirroredCat
  const open = (user: TestUser, photo: Buffer, at = CAMERA_POINT) => openCatSearch(t, user, photo, at)
  const addPhoto = (user: TestUser, searchId: string, photo: Buffer) => {
    const form = new FormData()
    form.append('photo', new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
    return t.request(`/api/searches/${searchId}/photos`, { method: 'POST', body: form, user })
  }
  const searchRow = (id: string) =>
    t.database.db
      .selectFrom('lost_searches')
      .select(['status', 'last_seen_cell', 'radius_m'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it('refuses moving a far-away look-alike search to reach the other owner’s, and changes nothing', async () => {
    const stalker = await t.signUp('Far away first')
    const far = await (
      await open(stalker, await mirrored(), { lat: CAMERA_POINT.lat + 1, lng: CAMERA_POINT.lng })
    ).json()
    expect(far.status).toBe('active')
    const before = await searchRow(far.id)
    const moved = await t.request(
      `/api/searches/${far.id}`,
      jsonInit('PATCH', { lastSeen: { lat: CAMERA_POINT.lat, lng: CAMERA_POINT.lng + 0.01 } }, stalker),
    )
    expect(moved.status).toBe(409)
    expect(await searchRow(far.id)).toEqual(before)
    // A change that reaches no look-alike still goes through.
    expect((await t.request(`/api/searches/${far.id}`, jsonInit('PATCH', { name: 'Renamed' }, stalker))).status).toBe(
      200,
    )
  })

  it('refuses widening a look-alike search just out of reach until it reaches the other owner’s', async () => {
    const owners = await searchRow(ownersSearch)
    const circle = circleAroundCell(owners.last_seen_cell, owners.radius_m)
    // Out of reach at the cat's default 500 m, within reach at the largest radius.
    const gapM = circle.radiusM + 500 + LOOKALIKE_NEARBY_M + 1500
    let at = { lat: circle.centre.lat, lng: circle.centre.lng - 0.01 }
    while (distanceM({ lat: at.lat, lng: at.lng + 0.01 }, circle.centre) < gapM)
      at = { lat: at.lat + 0.001, lng: at.lng }
    const stalker = await t.signUp('Just out of reach')
    const near = await (await open(stalker, await mirrored(), at)).json()
    expect(near.status).toBe('active')
    expect(
      (await t.request(`/api/searches/${near.id}`, jsonInit('PATCH', { radiusM: MAX_RADIUS_M }, stalker))).status,
    ).toBe(409)
    expect((await searchRow(near.id)).radius_m).toBe(500)
  })

  it('keeps a second photo of the same pet in the same search (a search is not its own duplicate)', async () => {
    const added = await addPhoto(owner, ownersSearch, await mirrored())
    expect(added.status).toBe(200)
    expect((await added.json()).photos).toHaveLength(2)
  })

  it.skipIf(!hasOtherCat)('refuses a photo of a pet already in another of the owner’s open searches', async () => {
    const second = await (await open(owner, otherCat(), { lat: CAMERA_POINT.lat + 2, lng: CAMERA_POINT.lng })).json()
    expect(second.status).toBe('active')
    expect((await addPhoto(owner, second.id, await catPhoto())).status).toBe(409)
  })

  it.skipIf(!hasOtherCat)(
    'refuses adding the other owner’s pet to a search near it that began with another cat',
    async () => {
      const stalker = await t.signUp('Near with another cat')
      const innocent = await (await open(stalker, otherCat())).json()
      expect(innocent.status).toBe('active')
      const res = await addPhoto(stalker, innocent.id, await mirrored())
      expect(res.status).toBe(409)
      const photos = await t.database.db
        .selectFrom('search_photos')
        .select('id')
        .where('search_id', '=', innocent.id)
        .execute()
      expect(photos).toHaveLength(1)
    },
  )
})
