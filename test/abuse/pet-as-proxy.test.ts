import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ABUSE_LIMITS } from '../../src/http/abuse-limits.ts'
import { countHolds } from '../../src/searches/search-hold.repository.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { mirroredCat, openCatSearch } from './support.ts'

describe.each(testDatabases())('pet-as-proxy on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real', limits: DEFAULT_ABUSE_LIMITS })
  let owner: TestUser
  let ownersSearch: string
  beforeAll(async () => {
    owner = await t.signUp('The real owner')
    ownersSearch = (await (await open(owner, await catPhoto())).json()).id
  })

  const neighbourPhoto = mirroredCat // the same cat a few streets away
  const open = (user: TestUser, photo: Buffer, at = CAMERA_POINT) => openCatSearch(t, user, photo, at)
  const holdsOfOwner = async () =>
    (await (await t.request(`/api/searches/${ownersSearch}/holds`, { user: owner })).json()).holds as { id: string }[]

  it('holds a stranger’s search for a pet another account is searching for nearby: not public, no trail, until the first owner decides', async () => {
    const stalker = await t.signUp('Neighbour')
    const res = await open(stalker, await neighbourPhoto())
    expect(res.status).toBe(201)
    const held = await res.json()
    expect(held.status).toBe('held')
    expect((await t.request(`/api/lost-pets/${held.id}`)).status).toBe(404)
    const trail = await (await t.request(`/api/searches/${held.id}/trail`, { user: stalker })).json()
    expect(trail).toMatchObject({ status: 'held', areas: [] })
    expect((await t.request(`/api/searches/${held.id}/renew`, { method: 'POST', user: stalker })).status).toBe(409)

    // The first reporter is told, sees what is needed to recognise a co-owner, and refuses.
    const holds = await holdsOfOwner()
    expect(holds).toHaveLength(1)
    expect(JSON.stringify(holds)).not.toContain(stalker.email)
    expect(
      (
        await t.request(
          `/api/searches/${ownersSearch}/holds/${holds[0]!.id}`,
          jsonInit('POST', { decision: 'refuse' }, stalker),
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await t.request(
          `/api/searches/${ownersSearch}/holds/${holds[0]!.id}`,
          jsonInit('POST', { decision: 'refuse' }, owner),
        )
      ).status,
    ).toBe(204)
    expect((await (await t.request(`/api/searches/${held.id}`, { user: stalker })).json()).status).toBe('closed')
    // The held search is the stalker's data: the first owner's read and decision are in the stalker's audit trail.
    const audit = (await (await t.request('/api/me/audit', { user: stalker })).json()) as {
      entries: { action: string; subjectId: string }[]
    }
    expect(
      audit.entries
        .filter((e) => e.subjectId === held.id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['search.hold.read', 'search.hold.refused'])

    // Trying again is held again, then refused outright, and counted for /transparency.
    expect((await (await open(stalker, await neighbourPhoto())).json()).status).toBe('held')
    const third = await open(stalker, await catPhoto())
    expect(third.status).toBe(409)
    expect(
      await t.database.db.selectFrom('lost_searches').select('id').where('owner_id', '=', stalker.id).execute(),
    ).toHaveLength(2)
    const counts = await countHolds(t.database.db)
    expect(counts).toMatchObject({ held: 2, waiting: 1, refusedByOwner: 1, refusedOutright: 1 })
  })

  it('lets the first owner release a co-owner’s search, which then runs; a look-alike far away is not held', async () => {
    const partner = await t.signUp('Partner')
    const held = await (await open(partner, await neighbourPhoto())).json()
    expect(held.status).toBe('held')
    const pending = await holdsOfOwner()
    const mine = pending[pending.length - 1]! // oldest first: the neighbour's second try is still waiting before it
    expect(
      (
        await t.request(
          `/api/searches/${ownersSearch}/holds/${mine.id}`,
          jsonInit('POST', { decision: 'release' }, owner),
        )
      ).status,
    ).toBe(204)
    expect((await (await t.request(`/api/searches/${held.id}`, { user: partner })).json()).status).toBe('active')
    expect((await t.request(`/api/lost-pets/${held.id}`)).status).toBe(200)
    // Released, the co-owner's search is free to change: the look-alike it was held against no longer holds it.
    expect((await t.request(`/api/searches/${held.id}`, jsonInit('PATCH', { radiusM: 900 }, partner))).status).toBe(200)

    const farAway = await t.signUp('Far away')
    expect(
      (await (await open(farAway, await neighbourPhoto(), { lat: CAMERA_POINT.lat + 1, lng: CAMERA_POINT.lng })).json())
        .status,
    ).toBe('active')
  })
})
