import { describe, expect, it } from 'vitest'
import { pickEventPet, touchesEdge, viewQuality } from '../../src/agent/event-pick.rules.ts'
import {
  announcementsOf,
  cameraLabelOf,
  configTopic,
  discoveryConfig,
  objectIdOf,
} from '../../src/agent/homeassistant/discovery.rules.ts'
import {
  decide,
  DEFAULT_POLICY,
  fetched,
  isClearlyBetter,
  observe,
  startEvent,
} from '../../src/agent/sources/best-snapshot.rules.ts'
import {
  admitEvent,
  DEFAULT_FILTER,
  type FrigateFilter,
  parseEventMessage,
  snapshotOf,
} from '../../src/agent/sources/frigate-events.rules.ts'

// Shaped like Frigate's documented frigate/events payload (docs/integrations/mqtt.md).
const after = (over: Record<string, unknown> = {}) => ({
  id: '1607123955.475377-mxklsc',
  camera: 'front_door',
  frame_time: 1607123962.08,
  label: 'dog',
  sub_label: null,
  top_score: 0.86,
  false_positive: false,
  start_time: 1607123955.475377,
  end_time: null,
  score: 0.87,
  box: [432, 496, 544, 854],
  area: 40096,
  region: [218, 440, 693, 915],
  current_zones: ['yard'],
  entered_zones: ['yard', 'driveway'],
  thumbnail: null,
  has_snapshot: false,
  has_clip: false,
  stationary: false,
  motionless_count: 0,
  position_changes: 2,
  snapshot: {
    frame_time: 1607123961.83,
    box: [415, 489, 528, 700],
    area: 12728,
    region: [260, 446, 660, 846],
    score: 0.77,
    attributes: [],
  },
  ...over,
})
const message = (type: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ type, before: after(), after: after(over) })

describe('Frigate event messages', () => {
  it.each([
    ['not JSON', 'garbage', /not JSON/],
    ['no after', JSON.stringify({ type: 'new' }), /after/],
    ['an unknown type', message('begin'), /type/],
    ['an id that climbs out of the URL', message('new', { id: '../../api/config' }), /after\.id/],
    ['a box of strings', message('update', { snapshot: { frame_time: 1, box: ['a', 1, 2, 3] } }), /snapshot/],
  ])('refuses %s with a reason', (_name, payload, reason) => {
    const parsed = parseEventMessage(payload)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toMatch(reason)
  })

  it('reads Frigate 0.14+ (snapshot object) and older (snapshot_time) payloads', () => {
    const parsed = parseEventMessage(message('update', { sub_label: ['Rex', 0.79] }))
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(snapshotOf(parsed.event.after)).toEqual({
      frameTime: 1607123961.83,
      score: 0.77,
      area: 12728,
      box: [415, 489, 528, 700],
    })
    const old = parseEventMessage(message('update', { snapshot: undefined, snapshot_time: 1607123961.8 }))
    if (!old.ok) throw new Error(old.reason)
    expect(snapshotOf(old.event.after)).toEqual({ frameTime: 1607123961.8, score: 0.86, area: 40096 })
  })

  const object = (over: Record<string, unknown>) => {
    const parsed = parseEventMessage(message('new', over))
    if (!parsed.ok) throw new Error(parsed.reason)
    return parsed.event.after
  }
  it.each([
    ['a dog', {}, {}, true],
    ['a person', { label: 'person' }, {}, 'label'],
    ['a car', { label: 'car' }, {}, 'label'],
    ['a cat when only dogs are wanted', { label: 'cat' }, { labels: ['dog'] }, 'label'],
    ['a false positive', { false_positive: true }, {}, 'false-positive'],
    ['a false positive, taken on request', { false_positive: true }, { skipFalsePositives: false }, true],
    ['another camera', {}, { cameras: ['garage'] }, 'camera'],
    ['a zone it entered earlier', { current_zones: [] }, { zones: ['driveway'] }, true],
    ['a zone it never entered', {}, { zones: ['porch'] }, 'zone'],
    ['a weak detection', { top_score: 0.5, score: 0.45 }, { minScore: 0.7 }, 'score'],
  ])('admits or refuses %s', (_name, over, filter, expected) => {
    const admission = admitEvent(object(over), { ...DEFAULT_FILTER, ...(filter as Partial<FrigateFilter>) })
    expect(admission.admit ? true : admission.reason).toBe(expected)
  })
})

describe('best snapshot per event', () => {
  const policy = { ...DEFAULT_POLICY, settleMs: 1_000, maxWaitMs: 3_000, maxFetches: 2, maxHoldMs: 60_000 }
  const snap = (frameTime: number, score: number, area: number) => ({ frameTime, score, area })
  const begin = () => startEvent({ id: 'e1', camera: 'yard', species: 'dog', startTime: 100 }, 0)
  const open = { ended: false, hasSnapshot: false }

  it('waits while Frigate keeps improving the snapshot, then takes the settled one', () => {
    let s = observe(begin(), snap(100, 0.6, 1_000), open, 0) // the dog enters at the edge
    expect(decide(s, policy, 500)).toBeUndefined()
    s = observe(s, snap(100.4, 0.7, 3_000), open, 600)
    s = observe(s, snap(100.8, 0.8, 6_000), open, 1_200)
    expect(decide(s, policy, 1_900)).toBeUndefined() // changed 0.7 s ago
    expect(decide(s, policy, 2_200)).toEqual({ kind: 'fetch', snapshot: snap(100.8, 0.8, 6_000), afterEnd: false })
  })

  it('does not wait forever for a snapshot that keeps changing', () => {
    let s = begin()
    for (let t = 0; t <= 3_000; t += 500) s = observe(s, snap(100 + t / 1000, 0.5 + t / 10_000, 1_000 + t), open, t)
    expect(decide(s, policy, 3_000)?.kind).toBe('fetch')
  })

  it('ignores duplicates and small changes, fetches again for a clear improvement, and stops at the budget', () => {
    let s = fetched(observe(begin(), snap(100, 0.7, 5_000), open, 0), snap(100, 0.7, 5_000))
    expect(observe(s, snap(100, 0.7, 5_000), open, 2_000)).toEqual(s) // a duplicate update
    expect(observe(s, snap(101, 0.72, 5_200), open, 2_000).pending).toBeUndefined() // within Frigate's margins
    expect(isClearlyBetter(snap(101, 0.76, 5_000), snap(100, 0.7, 5_000))).toBe(true)
    s = observe(s, snap(102, 0.9, 9_000), open, 2_000)
    expect(decide(s, policy, 3_100)?.kind).toBe('fetch')
    s = fetched(s, snap(102, 0.9, 9_000))
    s = observe(s, snap(103, 0.99, 20_000), open, 4_000)
    expect(decide(s, policy, 6_000)).toEqual({ kind: 'settle' }) // two analyses were the budget
  })

  it('at the end fetches the saved snapshot if Frigate kept one, and otherwise sends what it has', () => {
    const pending = observe(begin(), snap(100, 0.8, 5_000), open, 0)
    expect(decide(observe(pending, undefined, { ended: true, hasSnapshot: true }, 200), policy, 200)).toMatchObject({
      kind: 'fetch',
      afterEnd: true,
    })
    expect(decide(observe(pending, undefined, { ended: true, hasSnapshot: false }, 200), policy, 200)).toEqual({
      kind: 'settle',
    })
    const done = fetched(pending, snap(100, 0.8, 5_000))
    expect(decide(observe(done, snap(100, 0.8, 5_000), { ended: true, hasSnapshot: true }, 300), policy, 300)).toEqual({
      kind: 'settle',
    })
  })

  it('sends a long event’s sighting at the hold limit', () => {
    const s = fetched(observe(begin(), snap(100, 0.8, 5_000), open, 0), snap(100, 0.8, 5_000))
    expect(decide(s, policy, 59_000)).toBeUndefined()
    expect(decide(s, policy, 60_000)).toEqual({ kind: 'settle' })
  })
})

describe('the event’s animal among the detections', () => {
  const dog = { species: 'dog' as const, box: { x: 0.5, y: 0.4, width: 0.2, height: 0.3 }, score: 0.9 }
  const cat = { species: 'cat' as const, box: { x: 0.1, y: 0.5, width: 0.1, height: 0.1 }, score: 0.95 }
  it('picks the detection under Frigate’s box, not another pet in the frame', () => {
    expect(
      pickEventPet([cat, dog], { id: 'e', species: 'dog', box: { x: 0.52, y: 0.42, width: 0.18, height: 0.28 } }),
    ).toBe(dog)
    expect(
      pickEventPet([cat, dog], { id: 'e', species: 'cat', box: { x: 0.52, y: 0.42, width: 0.18, height: 0.28 } }),
    ).toBe(dog) // the detector's species stands
    expect(pickEventPet([cat], { id: 'e', species: 'dog', box: dog.box })).toBeUndefined()
    expect(pickEventPet([cat, dog], { id: 'e', species: 'cat' })).toBe(cat)
  })
  it('prefers a whole animal to one cut by the frame edge', () => {
    const atEdge = { ...dog, box: { x: 0, y: 0.4, width: 0.2, height: 0.3 }, score: 0.97 }
    expect(touchesEdge(atEdge.box)).toBe(true)
    expect(viewQuality(dog)).toBeGreaterThan(viewQuality(atEdge))
  })
})

describe('Home Assistant discovery', () => {
  const names = { discoveryPrefix: 'homeassistant', nodeId: 'homeward_agent' }
  it('follows <prefix>/<component>/<node_id>/<object_id>/config with an availability topic', () => {
    expect(configTopic(names, 'Front Door #2')).toBe('homeassistant/event/homeward_agent/lost_pet_front_door_2/config')
    expect(discoveryConfig(names, 'front_door')).toMatchObject({
      name: 'Lost pet may have passed front_door',
      unique_id: 'homeward_agent_lost_pet_front_door',
      event_types: ['lost_pet_sighted'],
      availability_topic: 'homeward/homeward_agent/availability',
      state_topic: 'homeward/homeward_agent/lost_pet_front_door/event',
    })
    expect(objectIdOf('../#+')).toBe('lost_pet_camera')
    expect(cameraLabelOf('frigate:back_yard')).toBe('back_yard')
    expect(cameraLabelOf('folder:/srv/cams/porch')).toBe('porch')
  })
  it('announces each alert once per camera, again only for a later sighting', () => {
    const alert = {
      id: 'a1',
      pet: { name: 'Rex', species: 'dog' as const },
      sightings: [
        { capturedAt: '2026-01-01T10:00:00Z', snapshotRef: 's-1' },
        { capturedAt: '2026-01-01T10:05:00Z', snapshotRef: 's-2' },
        { capturedAt: '2026-01-01T10:01:00Z', snapshotRef: 's-3' },
      ],
    }
    const cameraOf = (ref: string) => ({ 's-1': 'yard', 's-2': 'yard', 's-3': 'porch' })[ref]
    const first = announcementsOf([alert], cameraOf, new Map())
    expect(first.map((a) => [a.camera, a.sightedAt])).toEqual([
      ['porch', '2026-01-01T10:01:00.000Z'],
      ['yard', '2026-01-01T10:05:00.000Z'],
    ])
    expect(Object.keys(first[0]!.payload).sort()).toEqual([
      'alert_id',
      'event_type',
      'pet_name',
      'sighted_at',
      'species',
    ])
    const told = new Map(first.map((a) => [a.key, a.sightedAt]))
    expect(announcementsOf([alert], cameraOf, told)).toEqual([])
    const later = {
      ...alert,
      sightings: [...alert.sightings, { capturedAt: '2026-01-01T11:00:00Z', snapshotRef: 's-4' }],
    }
    expect(announcementsOf([later], (r) => cameraOf(r) ?? 'yard', told).map((a) => a.sightedAt)).toEqual([
      '2026-01-01T11:00:00.000Z',
    ])
  })
})
