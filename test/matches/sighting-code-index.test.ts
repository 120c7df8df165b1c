import { describe, expect, it } from 'vitest'
import {
  nearAmong,
  SightingCodeIndex,
  type NearQuery,
  type SightingCode,
} from '../../src/matches/sighting-code-index.ts'
import { hammingAt, signCodeOf } from '../../src/matches/sign-code.ts'
import { seededRandom } from '../../scripts/lib/data.ts'

const random = seededRandom(9)
const randomCode = (words: number) => Uint32Array.from({ length: words }, () => Math.floor(random() * 2 ** 32))
const naiveHamming = (a: Uint32Array, b: Uint32Array) =>
  a.reduce((sum, x, i) => sum + [...((x ^ b[i]!) >>> 0).toString(2)].filter((c) => c === '1').length, 0)

describe('sign codes', () => {
  it('sets a bit for each positive dimension, the first dimension in the top bit, and none for values half precision rounds to zero', () => {
    const values = new Array<number>(40).fill(-1)
    values[0] = 0.5
    values[31] = 1e-3
    values[32] = 2 ** -25 // rounds to +0 in halfvec: binary_quantize leaves it unset
    values[33] = 2 ** -24
    expect(Array.from(signCodeOf(values))).toEqual([0x80000001 >>> 0, 0x40000000])
  })

  it.each([1, 2, 15, 16, 17])('counts differing bits exactly over %i words', (words) => {
    for (let k = 0; k < 200; k++) {
      const a = randomCode(words)
      const b = k % 10 === 0 ? a.slice() : randomCode(words)
      const packed = new Uint32Array(words * 3)
      packed.set(a, words)
      expect(hammingAt(packed, words, b)).toBe(naiveHamming(a, b))
    }
  })
})

describe('SightingCodeIndex', () => {
  const cells = ['c1', 'c2', 'c3']
  const base = Date.UTC(2026, 10, 20)
  const rows: SightingCode[] = Array.from({ length: 3000 }, (_, i) => ({
    id: i + 1,
    capturedAt: base + Math.floor(random() * 72) * 3_600_000,
    species: i % 3 ? 'dog' : 'cat',
    modelId: i % 7 ? 'm16' : 'other',
    cell: cells[i % 3]!,
    cameraId: `camera-${i % 10}`,
    code: randomCode(16),
  }))
  const photos = [randomCode(16), randomCode(16)]
  const query: NearQuery = {
    species: 'dog',
    modelId: 'm16',
    cells: ['c1', 'c2'],
    capturedSince: base + 24 * 3_600_000,
    codes: photos,
    bound: 250,
  }
  const expected = (q: NearQuery, among: readonly SightingCode[], throughId = Infinity) =>
    among
      .filter(
        (r) =>
          r.species === q.species &&
          r.modelId === q.modelId &&
          q.cells.includes(r.cell) &&
          r.capturedAt >= q.capturedSince &&
          r.id <= throughId,
      )
      .filter((r) => q.codes.some((c) => naiveHamming(c, r.code) <= q.bound))
      .map((r) => r.id)
      .sort((a, b) => a - b)
  const indexOf = (among: readonly SightingCode[]) => {
    const index = new SightingCodeIndex()
    index.add(among)
    return index
  }

  it('finds exactly the sightings of the species and model, in the cells and time, within the bound of any photo', () => {
    const found = indexOf(rows).near(query)
    const want = expected(query, rows)
    expect(want.length).toBeGreaterThan(100)
    expect(want.length).toBeLessThan(rows.length / 4)
    expect([...found.ids].sort((a, b) => a - b)).toEqual(want)
    const times = new Map(rows.map((r) => [r.id, r.capturedAt]))
    found.ids.forEach((id, i) => expect(found.capturedAt[i]).toBe(times.get(id)))
    expect([...nearAmong(rows, query).ids].sort((a, b) => a - b)).toEqual(want)
  })

  it('answers only for ids up to a watermark when given one', () => {
    expect([...indexOf(rows).near(query, 1500).ids].sort((a, b) => a - b)).toEqual(expected(query, rows, 1500))
  })

  it('forgets the sightings of removed cameras and those captured before a time, and keeps the rest', () => {
    const index = indexOf(rows)
    const gone = index.removeCameras(['camera-1', 'camera-4', 'not-held'])
    expect(gone).toBe(rows.filter((r) => r.cameraId === 'camera-1' || r.cameraId === 'camera-4').length)
    const cutoff = base + 48 * 3_600_000
    index.removeCapturedBefore(cutoff)
    const kept = rows.filter((r) => r.cameraId !== 'camera-1' && r.cameraId !== 'camera-4' && r.capturedAt >= cutoff)
    expect(index.size).toBe(kept.length)
    expect(index.cameraIds().sort()).toEqual([...new Set(kept.map((r) => r.cameraId))].sort())
    expect([...index.near(query).ids].sort((a, b) => a - b)).toEqual(expected(query, kept))
    // A camera added back after removal is held again; one whose sightings all went is not.
    index.add([{ ...rows[1]!, id: 99_999, cameraId: 'camera-1', capturedAt: cutoff }])
    expect(index.cameraIds()).toContain('camera-1')
    index.removeCapturedBefore(base + 100 * 3_600_000)
    expect(index.size).toBe(0)
    expect(index.cameraIds()).toEqual([])
  })

  it('refuses a code whose length does not match its group', () => {
    const index = indexOf(rows.slice(0, 10))
    expect(() => index.add([{ ...rows[1]!, id: 5000, code: randomCode(8) }])).toThrow(/8-word code/)
  })
})
