import { cellToLatLng, gridDisk } from 'h3-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOverlapsCircle, circleAroundCell, toCoarseCell } from '../../src/geo/cells.ts'
import { cellsReachedBy, coarseReachM, reachesCell, REACH_STEP_M } from '../../src/matches/search-reach.rules.ts'
import { startTestApp, type TestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

const SEARCH_CELL = toCoarseCell(CAMERA_POINT)

describe('coarse search reach', () => {
  const lastSeenAt = new Date('2026-12-01T08:00:00Z')
  it.each([
    [1000, 0, 1000],
    [1001, 0, 1500],
    [1400, 0, 1500],
    [2000, 0.5, 2500],
    [2000, 0.51, 3000],
  ])('a dog search of %i m after %f days reaches %i m', (radius, days, reach) => {
    expect(coarseReachM('dog', radius, lastSeenAt, new Date(lastSeenAt.getTime() + days * 86_400_000))).toBe(reach)
  })

  it('reaches every cell the exact circle around any point of the search’s cell reached, and no cell by another rule', () => {
    const [lat, lng] = cellToLatLng(SEARCH_CELL)
    const points = Array.from({ length: 40 }, (_, i) => ({
      lat: lat + 0.003 * Math.sin(i * 2.4) * (i / 40),
      lng: lng + 0.004 * Math.cos(i * 2.4) * (i / 40),
    })).filter((p) => toCoarseCell(p) === SEARCH_CELL)
    expect(points.length).toBeGreaterThan(20)
    for (const radius of [500, 1234, 2000]) {
      const reached = new Set(cellsReachedBy(SEARCH_CELL, Math.ceil(radius / REACH_STEP_M) * REACH_STEP_M))
      for (const cell of gridDisk(SEARCH_CELL, 6)) {
        if (points.some((p) => cellOverlapsCircle(cell, p, radius))) expect(reached.has(cell)).toBe(true)
        expect(reachesCell(SEARCH_CELL, Math.ceil(radius / REACH_STEP_M) * REACH_STEP_M, cell)).toBe(reached.has(cell))
      }
    }
  })
})

// Issue 20: a camera owner polling "which searches reach me?" must learn nothing finer than the search's
// public cell and a 500 m step: not the exact point, nor the radius to the metre.
describe.each(testDatabases())('which searches reach a private-mode camera on $name', (testDb) => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp(testDb)
  })
  afterAll(async () => t?.dispose())

  it('answers alike for two searches in one cell whose exact points and radii differ within a step', async () => {
    const [lat, lng] = cellToLatLng(SEARCH_CELL)
    const near = { lat: lat + 0.0015, lng }
    const far = { lat: lat - 0.0015, lng: lng + 0.001 }
    expect([toCoarseCell(near), toCoarseCell(far)]).toEqual([SEARCH_CELL, SEARCH_CELL])
    const a = await openCatSearch(t, await t.signUp('Owner A'), { at: near, fields: { radiusM: '1010' } })
    const b = await openCatSearch(t, await t.signUp('Owner B'), { at: far, fields: { radiusM: '1490' } })
    // The cells where exact answers told the two apart, by their points or by their radii around the cell.
    const centred = (r: number) => circleAroundCell(SEARCH_CELL, r)
    const ring = gridDisk(SEARCH_CELL, 5)
    const edge = [
      ...ring
        .filter((cell) => cellOverlapsCircle(cell, near, 1010) !== cellOverlapsCircle(cell, far, 1490))
        .slice(0, 3),
      ...ring
        .filter(
          (cell) =>
            cellOverlapsCircle(cell, centred(1010).centre, centred(1010).radiusM) !==
            cellOverlapsCircle(cell, centred(1490).centre, centred(1490).radiusM),
        )
        .slice(0, 3),
    ]
    expect(edge).toHaveLength(6)
    for (const cell of edge) {
      const [cLat, cLng] = cellToLatLng(cell)
      const camera = await pairedCamera(t, await t.signUp('Camera owner'), { lat: cLat, lng: cLng })
      const res = await t.request('/api/devices/searches', { headers: { authorization: `Bearer ${camera.token}` } })
      expect(res.status).toBe(200)
      const ids = ((await res.json()) as { searches: { id: string }[] }).searches.map((s) => s.id)
      expect(ids.includes(a.id)).toBe(ids.includes(b.id))
    }
  })
})
