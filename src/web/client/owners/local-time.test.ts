import { afterEach, describe, expect, it } from 'vitest'
import { localInputToIso, toLocalInputValue } from './local-time.ts'

const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

describe('last-seen time in the owner’s zone', () => {
  it.each([
    ['America/New_York', '2026-11-25T18:30', '2026-11-25T18:30:00-05:00', '2026-11-25T23:30:00.000Z'],
    ['America/New_York', '2026-07-04T09:05', '2026-07-04T09:05:00-04:00', '2026-07-04T13:05:00.000Z'],
    ['Asia/Kolkata', '2026-01-01T00:00', '2026-01-01T00:00:00+05:30', '2025-12-31T18:30:00.000Z'],
    ['UTC', '2026-03-01T12:00', '2026-03-01T12:00:00+00:00', '2026-03-01T12:00:00.000Z'],
  ])('%s: %s is sent as %s', (tz, local, iso, instant) => {
    process.env.TZ = tz
    expect(localInputToIso(local)).toBe(iso)
    expect(new Date(iso).toISOString()).toBe(instant)
    expect(toLocalInputValue(new Date(instant))).toBe(local)
  })

  it.each(['', 'yesterday', '2026-11-25', '2026-13-45T09:00', '2026-02-30T09:00', '2026-02-03T24:10'])(
    'gives nothing for %j',
    (value) => {
      expect(localInputToIso(value)).toBeUndefined()
    },
  )
})
