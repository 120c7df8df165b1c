import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src/agent/backoff.rules.ts'
import { decideGate, differenceHash, HASH_BITS, hammingDistance } from '../../src/agent/gate.rules.ts'
import { ALERT_DEDUPE_WINDOW_MS } from '../../src/contracts/matching-windows.ts'
import { findMatches, scoreCandidate, shouldReport } from '../../src/agent/private/match.rules.ts'
import { choosePet, chooseSighting, peopleInCrop, shareCropRect } from '../../src/agent/share/share.rules.ts'
import { identityVector } from './support/frames.ts'

const flat = (value: number, width = 64, height = 48) => ({
  data: new Uint8Array(width * height * 3).fill(value),
  width,
  height,
})

describe('difference hash gate', () => {
  it('ignores a uniform brightness change and sees an object arrive', () => {
    const scene = flat(100)
    for (let y = 0; y < 48; y++)
      for (let x = 0; x < 32; x++) scene.data.fill(180, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3)
    const brighter = { ...scene, data: scene.data.map((v) => Math.min(255, v + 20)) }
    const withObject = { ...scene, data: Uint8Array.from(scene.data) }
    for (let y = 10; y < 30; y++)
      for (let x = 40; x < 56; x++) withObject.data.fill(20, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3)
    const h = differenceHash(scene)
    expect(hammingDistance(h, differenceHash(brighter))).toBe(0)
    expect(decideGate(differenceHash(brighter), h, 6).kind).toBe('near-duplicate')
    expect(decideGate(differenceHash(withObject), h, 6).kind).toBe('analyze')
    expect(decideGate(h, undefined, 6)).toEqual({ kind: 'analyze', distance: HASH_BITS })
  })
})

describe('backoff', () => {
  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [5, 8_000, 16_000],
    [30, 30_000, 60_000],
  ])('after %i failures waits between %i and %i ms', (failures, min, max) => {
    const options = { baseMs: 1_000, maxMs: 60_000 }
    expect(backoffDelay(failures, options, () => 0)).toBe(min)
    expect(backoffDelay(failures, options, () => 1)).toBe(max)
  })
})

describe('private matching rules', () => {
  const dog = identityVector('dog', 4)
  const search = {
    id: 's1',
    species: 'dog' as const,
    lastSeenAt: '2026-05-01T12:00:00Z',
    embeddings: [{ modelId: 'm1', vector: Array.from(dog) }],
  }
  const sighting = (over: Partial<Parameters<typeof scoreCandidate>[0]> = {}) => ({
    clientId: 'c1',
    species: 'dog' as const,
    modelId: 'm1',
    capturedAt: new Date('2026-05-01T13:00:00Z'),
    embedding: dog,
    ...over,
  })

  it.each([
    ['same animal', sighting(), 1],
    ['other species', sighting({ species: 'cat' }), undefined],
    ['other model', sighting({ modelId: 'm2' }), undefined],
    ['more than an hour before last seen', sighting({ capturedAt: new Date('2026-05-01T10:59:00Z') }), undefined],
    ['within the hour before last seen', sighting({ capturedAt: new Date('2026-05-01T11:30:00Z') }), 1],
  ])('%s', (_name, s, expected) => {
    const score = scoreCandidate(s, search)
    if (expected === undefined) expect(score).toBeUndefined()
    else expect(score).toBeCloseTo(expected, 5)
  })

  it('reports the best sighting above the threshold, once per 6 hours', () => {
    const other = sighting({ clientId: 'c2', embedding: identityVector('dog', 9) })
    expect(findMatches([other, sighting()], [search], () => 0.9)).toEqual([
      {
        searchId: 's1',
        sightingClientId: 'c1',
        matchedAt: new Date('2026-05-01T13:00:00Z'),
        score: expect.closeTo(1, 5),
      },
    ])
    expect(findMatches([other], [search], () => 0.9)).toEqual([])
    const now = new Date()
    expect(shouldReport(undefined, now)).toBe(true)
    expect(shouldReport(new Date(now.getTime() - ALERT_DEDUPE_WINDOW_MS + 1000), now)).toBe(false)
    expect(shouldReport(new Date(now.getTime() - ALERT_DEDUPE_WINDOW_MS), now)).toBe(true)
  })
})

describe('what a share sends', () => {
  const sightings = [
    { capturedAt: '2026-01-01T10:00:00Z', snapshotRef: 's-a', similarity: 0.81 },
    { capturedAt: '2026-01-01T10:05:00Z', snapshotRef: 's-b', similarity: 0.93 },
    { capturedAt: '2026-01-01T10:09:00Z', snapshotRef: 's-c', similarity: 0.88 },
  ]
  it.each<[string, string[], string | undefined, unknown]>([
    ['the most similar held snapshot', ['s-a', 's-b', 's-c'], undefined, { kind: 'chosen', sighting: sightings[1] }],
    ['the next best when the best has expired', ['s-a', 's-c'], undefined, { kind: 'chosen', sighting: sightings[2] }],
    ['none when every snapshot has expired', [], undefined, { kind: 'not-held', refs: ['s-a', 's-b', 's-c'] }],
    ['the one asked for', ['s-a', 's-b'], 's-a', { kind: 'chosen', sighting: sightings[0] }],
    ['an expired one asked for', ['s-b'], 's-a', { kind: 'not-held', refs: ['s-a'] }],
    ['a reference of another alert', ['s-a'], 's-x', { kind: 'not-in-alert', requested: 's-x' }],
  ])('chooses %s', (_, held, requested, expected) => {
    expect(chooseSighting(sightings, (ref) => held.includes(ref), requested)).toEqual(expected)
  })

  it('prefers the alert’s species, then any pet, never a person', () => {
    const box = { x: 0, y: 0, width: 0.1, height: 0.1 }
    const found = [
      { species: 'person', box, score: 0.99 },
      { species: 'dog', box, score: 0.9 },
      { species: 'cat', box, score: 0.5 },
      { species: 'cat', box, score: 0.7 },
    ]
    expect(choosePet(found, 'cat')).toEqual({ species: 'cat', box, score: 0.7 })
    expect(choosePet(found.slice(0, 2), 'cat')?.species).toBe('dog')
    expect(choosePet(found.slice(0, 1), 'dog')).toBeUndefined()
  })

  it('grows the crop by the margin inside the image, and paints only the people inside it, in its pixels', () => {
    expect(shareCropRect({ x: 0.5, y: 0.5, width: 0.25, height: 0.25 }, 400, 200, 0.2)).toEqual({
      left: 180,
      top: 90,
      width: 140,
      height: 70,
    })
    expect(shareCropRect({ x: 0, y: 0.9, width: 0.5, height: 0.1 }, 400, 200, 0.2)).toEqual({
      left: 0,
      top: 176,
      width: 240,
      height: 24,
    })
    const crop = { left: 100, top: 50, width: 100, height: 100 }
    const people = [
      { x: 0.45, y: 0.5, width: 0.1, height: 0.5 },
      { x: 0.9, y: 0, width: 0.1, height: 0.2 },
    ]
    expect(peopleInCrop(people, crop, 400, 200)).toEqual([{ left: 80, top: 50, width: 20, height: 50 }])
  })
})
