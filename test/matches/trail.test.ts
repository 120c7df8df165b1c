import { cellToLatLng } from 'h3-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellOverlapsCircle, coarseCellsOf, toCoarseCell, widerCellOf } from '../../src/geo/cells.ts'
import { SearchTrailSchema } from '../../src/matches/trail.routes.ts'
import { buildTrail } from '../../src/matches/trail.rules.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting, unitVector } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { establishCamera, openCatSearchWithVector } from './trail-support.ts'

describe('buildTrail', () => {
  const hour = new Date('2026-11-25T10:00:00Z')
  const wider = (cell: string) => `w${cell[0]}`
  const children = (w: string) => ['a1', 'a2', 'a3', 'b1', 'b2'].filter((c) => `w${c[0]}` === w)
  it.each([
    {
      name: 'shows a cell with two witnesses',
      witnesses: { a1: ['x', 'y'] },
      counts: [['a1', 3]],
      shown: [['a1', 3]],
      withheld: 0,
    },
    {
      name: 'withholds a cell whose one owner has two cameras there',
      witnesses: { a1: ['x', 'x'] },
      counts: [['a1', 3]],
      shown: [],
      withheld: 3,
    },
    {
      name: 'withholds a lone witness’s cell whose wider cell has no other sparse witness',
      witnesses: { a1: ['x'], a2: ['y', 'z'] },
      counts: [['a1', 3]],
      shown: [],
      withheld: 3,
    },
    {
      name: 'merges two lone-witness cells into their wider cell',
      witnesses: { a1: ['x'], a3: ['y'] },
      counts: [
        ['a1', 3],
        ['a3', 1],
      ],
      shown: [['wa', 4]],
      withheld: 0,
    },
    {
      name: 'does not merge two sparse cells of the same owner',
      witnesses: { a1: ['x'], a3: ['x'] },
      counts: [
        ['a1', 3],
        ['a3', 1],
      ],
      shown: [],
      withheld: 4,
    },
    {
      name: 'does not count a well-covered cell towards the wider cell',
      witnesses: { b1: ['x'], b2: ['y', 'z'] },
      counts: [
        ['b1', 2],
        ['b2', 1],
      ],
      shown: [['b2', 1]],
      withheld: 2,
    },
  ])('$name', ({ witnesses, counts, shown, withheld }) => {
    const witnessesIn = (cell: string) => (witnesses as unknown as Record<string, string[]>)[cell] ?? []
    const trail = buildTrail(
      counts.map(([cell, n]) => ({ cell: cell as string, hour, sightings: n as number })),
      witnessesIn,
      wider,
      children,
    )
    expect(trail.counts.map((c) => [c.cell, c.sightings])).toEqual(shown)
    expect(trail.withheld).toBe(withheld)
  })
})

describe.each(testDatabases())('search trail on $name', (testDb) => {
  const t = useTestApp(testDb)
  let petOwner: TestUser
  let searchId: string
  let petVector: number[]

  beforeAll(async () => {
    petOwner = await t.signUp('Pet owner')
    ;({ searchId, petVector } = await openCatSearchWithVector(t, petOwner))
  })

  const trailOf = async (user: TestUser) => {
    const res = await t.request(`/api/searches/${searchId}/trail`, { user })
    expect(res.status).toBe(200)
    return SearchTrailSchema.parse(await res.json())
  }

  it('counts likely sightings per coarse area and hour, never naming a camera, and hides an area one camera owner could account for', async () => {
    const busyCell = toCoarseCell(CAMERA_POINT)
    const [a, b] = [await pairedCamera(t, await t.signUp('A')), await pairedCamera(t, await t.signUp('B'))]
    const loneAt = { lat: CAMERA_POINT.lat + 0.008, lng: CAMERA_POINT.lng }
    const lone = await pairedCamera(t, await t.signUp('Lone'), loneAt)
    for (const c of [a, b, lone]) await establishCamera(t, c.camera.id)
    // All in one UTC hour (half an hour before this one began), after the pet was lost an hour ago.
    const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - 3600_000)
    const capturedAt = new Date(hour.getTime() + 30 * 60_000).toISOString()
    const seen = (ref: string) => sighting({ species: 'cat', embedding: petVector, snapshotRef: ref, capturedAt })
    await sendBatch(t, a.token, {
      sightings: [seen('snap-a-1'), seen('snap-a-2'), sighting({ species: 'cat', embedding: unitVector() })],
    })
    await sendBatch(t, b.token, {
      sightings: [
        sighting({ species: 'cat', embedding: unitVector() }),
        sighting({ species: 'dog', embedding: petVector }),
      ],
    })
    await sendBatch(t, lone.token, { sightings: [seen('snap-lone')] })

    const trail = await trailOf(petOwner)
    expect(trail.areas.map((x) => [x.area.cell, x.sightings])).toEqual([[busyCell, 2]])
    expect(trail.areas[0]!.hour).toBe(hour.toISOString())
    expect(trail.withheld).toBe(1)
    const text = JSON.stringify(trail)
    for (const secret of [a.camera.id, b.camera.id, lone.camera.id, 'snap-a-1', 'snap-lone', toCoarseCell(loneAt)])
      expect(text).not.toContain(secret)

    // A second lone camera in the same wider cell: the two sparse cells are shown together, at that wider cell.
    const loneCell = toCoarseCell(loneAt)
    const sibling = coarseCellsOf(widerCellOf(loneCell)).find(
      (c) => c !== loneCell && c !== busyCell && cellOverlapsCircle(c, CAMERA_POINT, 2000),
    )!
    const [lat, lng] = cellToLatLng(sibling)
    const second = await pairedCamera(t, await t.signUp('Second lone'), { lat, lng })
    await establishCamera(t, second.camera.id)
    await sendBatch(t, second.token, { sightings: [seen('snap-second')] })
    const merged = await trailOf(petOwner)
    expect(merged.areas.map((x) => [x.area.cell, x.sightings]).sort()).toEqual(
      [
        [busyCell, 2],
        [widerCellOf(loneCell), 2],
      ].sort(),
    )
    expect(merged.withheld).toBe(0)
  })

  it('is the search owner’s alone', async () => {
    expect((await t.request(`/api/searches/${searchId}/trail`, { user: await t.signUp('Someone else') })).status).toBe(
      404,
    )
    expect((await t.request(`/api/searches/${searchId}/trail`)).status).toBe(401)
  })
})
