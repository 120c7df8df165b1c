import { describe, expect, it } from 'vitest'
import { checkInChanged, coarseCheckIn, isOnline, startOfDayIn } from './check-in.rules.ts'

const at = (iso: string) => new Date(iso)

describe('check-in rules', () => {
  it.each([
    ['2026-12-03T17:04:59.999Z', '2026-12-03T17:00:00.000Z'],
    ['2026-12-03T17:05:00.000Z', '2026-12-03T17:05:00.000Z'],
    ['2026-12-03T17:09:30.000Z', '2026-12-03T17:05:00.000Z'],
  ])('stores %s as %s', (now, stored) => expect(coarseCheckIn(at(now)).toISOString()).toBe(stored))

  it('rewrites only when the 5-minute step changes', () => {
    expect(checkInChanged(null, at('2026-12-03T17:01:00Z'))).toBe(true)
    expect(checkInChanged(at('2026-12-03T17:00:00Z'), at('2026-12-03T17:04:59Z'))).toBe(false)
    expect(checkInChanged(at('2026-12-03T17:00:00Z'), at('2026-12-03T17:05:00Z'))).toBe(true)
  })

  it('counts 15 minutes as online', () => {
    expect(isOnline(null, at('2026-12-03T17:00:00Z'))).toBe(false)
    expect(isOnline(at('2026-12-03T17:00:00Z'), at('2026-12-03T17:14:59Z'))).toBe(true)
    expect(isOnline(at('2026-12-03T17:00:00Z'), at('2026-12-03T17:15:00Z'))).toBe(false)
  })

  it.each([
    ['UTC', '2026-12-03T17:00:00Z', '2026-12-03T00:00:00.000Z'],
    ['Europe/Madrid', '2026-12-03T17:00:00Z', '2026-12-02T23:00:00.000Z'],
    ['Europe/Madrid', '2026-12-03T23:30:00Z', '2026-12-03T23:00:00.000Z'],
    ['America/Los_Angeles', '2026-12-03T05:00:00Z', '2026-12-02T08:00:00.000Z'],
    ['Europe/Madrid', '2026-07-01T12:00:00Z', '2026-06-30T22:00:00.000Z'],
  ])('midnight in %s for %s is %s', (zone, now, midnight) =>
    expect(startOfDayIn(zone, at(now)).toISOString()).toBe(midnight),
  )
})
