import { describe, expect, it } from 'vitest'
import { affectsMatching, patchBody, searchChanges, type EditableSearch } from './search-changes.ts'

const before: EditableSearch = {
  name: 'Chelsea',
  description: 'Tabby',
  lastSeenAt: '2026-12-01T10:00:00.000Z',
  lastSeen: { lat: 51.4613, lng: -0.1156 },
  radiusM: 500,
  area: { cell: '88194ad11dfffff' },
  photos: [{ id: 'a' }, { id: 'b' }],
}

describe('what an edit changed for matching', () => {
  it('names nothing when nothing changed', () => {
    expect(searchChanges(before, { ...before, lastSeenAt: '2026-12-01T10:00:00Z' })).toEqual([])
  })

  it('tells a move to another coarse area from a move within the same one', () => {
    expect(
      searchChanges(before, { ...before, lastSeen: { lat: 51.47, lng: -0.12 }, area: { cell: '88194ad13bfffff' } }),
    ).toEqual([{ kind: 'area', from: '88194ad11dfffff', to: '88194ad13bfffff' }])
    expect(searchChanges(before, { ...before, lastSeen: { lat: 51.4614, lng: -0.1156 } })).toEqual([{ kind: 'point' }])
  })

  it('counts photos added and removed, and keeps name and description apart from matching', () => {
    const changes = searchChanges(before, {
      ...before,
      name: 'Chelsea Bun',
      radiusM: 1000,
      photos: [{ id: 'b' }, { id: 'c' }, { id: 'd' }],
    })
    expect(changes).toEqual([
      { kind: 'radius', from: 500, to: 1000 },
      { kind: 'photos', added: 2, removed: 1, count: 3 },
      { kind: 'shown', fields: ['name'] },
    ])
    expect(affectsMatching(changes)).toBe(true)
    expect(affectsMatching(searchChanges(before, { ...before, description: 'Tabby, white chin' }))).toBe(false)
  })

  it('sends only the fields that differ', () => {
    expect(patchBody(before, { ...before, lastSeenAt: '2026-12-01T05:00:00-05:00' })).toEqual({})
    // The form shows whole minutes: a saved 10:00:42 read back as 10:00 is no change; 10:01 is.
    const withSeconds = { ...before, lastSeenAt: '2026-12-01T10:00:42.000Z' }
    expect(patchBody(withSeconds, { ...before, lastSeenAt: '2026-12-01T10:00:00Z' })).toEqual({})
    expect(patchBody(withSeconds, { ...before, lastSeenAt: '2026-12-01T10:01:00Z' })).toEqual({
      lastSeenAt: '2026-12-01T10:01:00Z',
    })
    expect(patchBody(before, { ...before, radiusM: 800, lastSeen: { lat: 51.5, lng: -0.1 } })).toEqual({
      radiusM: 800,
      lastSeen: { lat: 51.5, lng: -0.1 },
    })
  })
})
