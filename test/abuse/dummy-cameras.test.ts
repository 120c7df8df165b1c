import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { coarseCellsOf, toCoarseCell, widerCellOf } from '../../src/geo/cells.ts'
import { trailWitnessesByCell } from '../../src/matches/match.repository.ts'
import { SearchTrailSchema } from '../../src/matches/trail.routes.ts'
import { isTrailWitness, witnessFilter } from '../../src/matches/trail.rules.ts'
import { jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting, unitVector } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { establishCamera, openCatSearchWithVector } from '../matches/trail-support.ts'

const consent = { version: CAMERA_CONSENT_VERSION, accepted: true }
const LONE_AT = { lat: CAMERA_POINT.lat + 0.008, lng: CAMERA_POINT.lng }

// Issue 20: the trail shows an area only where two cameras could explain it. Cameras anyone can
// register in any cell, without ever sending a sighting, must not make up the second one.
describe.each(testDatabases())('dummy cameras against the trail on $name', (testDb) => {
  let t: TestApp
  let petOwner: TestUser
  let searchId: string
  let petVector: number[]
  const loneCell = toCoarseCell(LONE_AT)
  const busyCell = toCoarseCell(CAMERA_POINT)

  const trail = async () => {
    const res = await t.request(`/api/searches/${searchId}/trail`, { user: petOwner })
    expect(res.status).toBe(200)
    return SearchTrailSchema.parse(await res.json())
  }
  const addCamera = (user: TestUser, cell: string) =>
    t.request('/api/cameras', jsonInit('POST', { name: 'Dummy', cell, consent }, user))

  beforeAll(async () => {
    t = await startTestApp(testDb)
    petOwner = await t.signUp('Pet owner')
    ;({ searchId, petVector } = await openCatSearchWithVector(t, petOwner))
    const capturedAt = new Date(Date.now() - 10 * 60_000).toISOString()
    const seen = () => sighting({ species: 'cat', embedding: petVector, capturedAt })
    // Two independent, established cameras in one cell, and one alone in another: the honest picture.
    for (const [name, at, n] of [
      ['A', CAMERA_POINT, 2],
      ['B', CAMERA_POINT, 1],
      ['Lone', LONE_AT, 1],
    ] as const) {
      const camera = await pairedCamera(t, await t.signUp(name), at)
      await establishCamera(t, camera.camera.id)
      expect((await sendBatch(t, camera.token, { sightings: Array.from({ length: n }, seen) })).status).toBe(200)
    }
  })
  afterAll(async () => t?.dispose())

  it('shows the two-camera cell and withholds the lone camera’s', async () => {
    const before = await trail()
    expect(before.areas.map((a) => [a.area.cell, a.sightings])).toEqual([[busyCell, 3]])
    expect(before.withheld).toBe(1)
  })

  /** Two dummy cameras registered in the lone camera's cell and a third paired there, sending noise twice. */
  const dummiesBesideLoneCamera = async (user: TestUser) => {
    for (let i = 0; i < 2; i++) expect((await addCamera(user, loneCell)).status).toBe(201)
    const paired = await pairedCamera(t, user, LONE_AT)
    for (let i = 0; i < 2; i++)
      await sendBatch(t, paired.token, { sightings: [sighting({ species: 'cat', embedding: unitVector() })] })
    return paired.camera.id
  }
  const expectLoneCellHidden = async () => {
    const after = await trail()
    const text = JSON.stringify(after)
    expect(text).not.toContain(loneCell)
    expect(text).not.toContain(widerCellOf(loneCell))
    expect(after.withheld).toBe(1)
  }

  it('is not revealed by dummy cameras the pet owner adds in the lone camera’s cell, even aged and active', async () => {
    await establishCamera(t, await dummiesBesideLoneCamera(petOwner))
    await expectLoneCellHidden()
  })

  it('is not revealed by a fresh second account’s cameras there, nor in the cells merged with it', async () => {
    const sybil = await t.signUp('Sybil')
    const paired = await dummiesBesideLoneCamera(sybil)
    for (const cell of coarseCellsOf(widerCellOf(loneCell))
      .filter((c) => c !== loneCell && c !== busyCell)
      .slice(0, 2))
      expect((await addCamera(sybil, cell)).status).toBe(201)
    // Two batches on one day are one day of activity: proof takes days, not requests.
    const row = await t.database.db
      .selectFrom('cameras')
      .select('active_days')
      .where('id', '=', paired)
      .executeTakeFirstOrThrow()
    expect(row.active_days).toBe(1)
    await expectLoneCellHidden()
  })

  it('is not revealed by an old account’s camera placed after the search opened, however active since', async () => {
    // The search was opened ten days ago; the camera came a day later and has sent sightings daily.
    await t.database.db
      .updateTable('lost_searches')
      .set({ created_at: new Date(Date.now() - 10 * 24 * 3600_000) })
      .where('id', '=', searchId)
      .execute()
    const late = await pairedCamera(t, await t.signUp('Late'), LONE_AT)
    await establishCamera(t, late.camera.id, { registeredDaysAgo: 9 })
    await expectLoneCellHidden()
    await t.database.db
      .updateTable('lost_searches')
      .set({ created_at: new Date() })
      .where('id', '=', searchId)
      .execute()
    await t.database.db
      .updateTable('cameras')
      .set({ consent_revoked_at: new Date() })
      .where('id', '=', late.camera.id)
      .execute()
  })

  it('limits cameras per account and per cell, so dummy cameras cannot blanket a search', async () => {
    const blanket = await t.signUp('Blanket')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await addCamera(blanket, busyCell)).status)
    expect(statuses).toEqual([201, 201, 201, 409])
    const cells = (await import('h3-js')).gridDisk(busyCell, 2).filter((c) => c !== busyCell)
    for (const cell of cells) statuses.push((await addCamera(blanket, cell)).status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    const body = await (await addCamera(blanket, cells.at(-1)!)).json()
    expect(body.error.code).toBe('CONFLICT')
  })

  it('is shown once an independent, established camera owner is in the lone cell too', async () => {
    const neighbour = await pairedCamera(t, await t.signUp('Neighbour'), LONE_AT)
    await establishCamera(t, neighbour.camera.id)
    const after = await trail()
    expect(after.areas.map((a) => [a.area.cell, a.sightings]).sort()).toEqual(
      [
        [busyCell, 3],
        [loneCell, 1],
      ].sort(),
    )
    expect(after.withheld).toBe(0)
  })

  it('applies in SQL the same witness rule the simulation replays (isTrailWitness)', async () => {
    const search = await t.database.db
      .selectFrom('lost_searches')
      .select('created_at')
      .where('id', '=', searchId)
      .executeTakeFirstOrThrow()
    const filter = witnessFilter(petOwner.id, new Date(), search.created_at)
    const cameras = await t.database.db
      .selectFrom('cameras')
      .innerJoin('users', 'users.id', 'cameras.owner_id')
      .select([
        'cameras.cell',
        'cameras.owner_id',
        'cameras.created_at',
        'cameras.active_days',
        'cameras.last_active_day',
        'cameras.consent_revoked_at',
        'cameras.consent_expires_at',
        'users.createdAt',
      ])
      .execute()
    const expected = new Map<string, string[]>()
    for (const c of cameras) {
      const facts = {
        ownerId: c.owner_id,
        consentActive: !c.consent_revoked_at && c.consent_expires_at! > filter.now,
        registeredAt: c.created_at,
        activeDays: c.active_days,
        lastActiveDay: c.last_active_day ?? -Infinity,
        ownerCreatedAt: c.createdAt,
      }
      if (isTrailWitness(facts, filter))
        expected.set(c.cell, [...new Set([...(expected.get(c.cell) ?? []), c.owner_id])].sort())
    }
    expect(expected.size).toBeGreaterThan(1)
    const actual = await trailWitnessesByCell(t.database.db, [...new Set(cameras.map((c) => c.cell))], filter)
    expect(new Map([...actual].map(([cell, owners]) => [cell, [...owners].sort()]))).toEqual(expected)
  })
})
