import { describe, expect, it } from 'vitest'
import { cellToBoundary } from 'h3-js'
import { BASELINE_EMBEDDING_MODEL_ID, DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { seededRandom } from '../../scripts/lib/data.ts'
import { cellsWithin, distanceM, toCoarseCell } from '../../src/geo/cells.ts'
import { mergeAlertSightings, type AlertSighting } from '../../src/alerts/alert.rules.ts'
import { effectiveRadiusM, signCodeBound } from '../../src/matches/match.rules.ts'
import { codeBoundFor } from '../../src/matches/match.service.ts'

const DAY = 86_400_000
const lost = new Date('2026-11-20T12:00:00Z')

describe('effectiveRadiusM', () => {
  it.each([
    ['dog', 2000, 0, 2000],
    ['dog', 2000, 1, 3000],
    ['dog', 2000, 3.5, 5500],
    ['dog', 5000, 30, 10_000],
    ['cat', 500, 1, 700],
    ['cat', 500, 10, 2500],
  ] as const)('%s with %i m, %f days after → %i m', (species, radius, days, expected) => {
    expect(effectiveRadiusM(species, radius, lost, new Date(lost.getTime() + days * DAY))).toBeCloseTo(expected, 6)
  })
})

/** The point `metres` from `from` on a bearing (degrees), on a local flat approximation. */
function offset(from: { lat: number; lng: number }, metres: number, bearing: number) {
  const rad = (bearing * Math.PI) / 180
  return {
    lat: from.lat + (metres / 111_320) * Math.cos(rad),
    lng: from.lng + (metres / (111_320 * Math.cos((from.lat * Math.PI) / 180))) * Math.sin(rad),
  }
}

describe('cellsWithin', () => {
  const point = { lat: 51.5007, lng: -0.1246 }
  it('covers every point of the circle with its cells', () => {
    const cells = new Set(cellsWithin(point, 2000))
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180
      const edge = {
        lat: point.lat + (1990 / 111_320) * Math.cos(rad),
        lng: point.lng + (1990 / (111_320 * Math.cos((point.lat * Math.PI) / 180))) * Math.sin(rad),
      }
      expect(distanceM(point, edge)).toBeLessThan(2000)
      expect(cells.has(toCoarseCell(edge))).toBe(true)
    }
  })
  it('holds the cell of every point within the radius, and no cell that does not reach the circle', () => {
    const random = seededRandom(5)
    for (let t = 0; t < 40; t++) {
      const centre = { lat: 51.4 + 0.2 * random(), lng: -0.2 + 0.2 * random() }
      const radius = [250, 500, 1200, 2000][t % 4]!
      const cells = cellsWithin(centre, radius)
      for (let k = 0; k < 300; k++) {
        const inside = offset(centre, radius * Math.sqrt(random()) * 0.999, 360 * random())
        expect(cells).toContain(toCoarseCell(inside))
      }
      for (const cell of cells) {
        // Points along the hexagon's edges (and the centre inside it): one of them lies within the radius.
        const corners = cellToBoundary(cell)
        const alongEdges = corners.flatMap(([lat, lng], i) => {
          const [nextLat, nextLng] = corners[(i + 1) % corners.length]!
          return Array.from({ length: 50 }, (_, s) => ({
            lat: lat + ((nextLat - lat) * s) / 50,
            lng: lng + ((nextLng - lng) * s) / 50,
          }))
        })
        const reach = Math.min(...alongEdges.map((p) => distanceM(centre, p)))
        expect(reach <= radius + 1 || toCoarseCell(centre) === cell).toBe(true)
      }
    }
  })
  it('leaves out cells far beyond the radius', () => {
    const far = toCoarseCell({ lat: point.lat + 0.05, lng: point.lng })
    expect(cellsWithin(point, 2000)).not.toContain(far)
    expect(cellsWithin(point, 500).length).toBeLessThan(cellsWithin(point, 2000).length)
  })
})

describe('mergeAlertSightings', () => {
  const s = (id: string, similarity: number): AlertSighting => ({
    sightingId: id,
    capturedAt: '2026-11-20T13:00:00Z',
    snapshotRef: `snap-${id}`,
    similarity,
  })
  it('keeps the three best, highest first, each sighting once', () => {
    const merged = mergeAlertSightings([s('1', 0.5), s('2', 0.7)], [s('2', 0.9), s('3', 0.6), s('4', 0.4)])
    expect(merged.map((x) => [x.sightingId, x.similarity])).toEqual([
      ['2', 0.9],
      ['3', 0.6],
      ['1', 0.5],
    ])
  })
})

describe('signCodeBound', () => {
  it('lies 5 σ above the sign-bit distance expected at the threshold angle', () => {
    // 512 bits at 59.9°: 170.3 expected, σ 10.7.
    expect(signCodeBound(512, 0.5018)).toBe(224)
    expect(signCodeBound(512, 0.8)).toBeLessThan(signCodeBound(512, 0.5))
  })
  it('keeps every code when the threshold admits any angle, and only identical ones at similarity 1', () => {
    expect(signCodeBound(512, -1)).toBe(512)
    expect(signCodeBound(512, 1)).toBe(0)
  })
})

describe('codeBoundFor', () => {
  it('prunes by sign bits for a model whose sign bits track the angle, and never for one whose do not', () => {
    expect(codeBoundFor({ modelId: DEFAULT_EMBEDDING_MODEL_ID, minSimilarity: 0.5018 })).toBe(224)
    expect(codeBoundFor({ modelId: BASELINE_EMBEDDING_MODEL_ID, minSimilarity: 0.762 })).toBeUndefined()
  })
})
