import { describe, expect, it } from 'vitest'
import { bucket, reportWindow, REPORT_DAYS } from '../../src/transparency/transparency.rules.ts'

describe('transparency report rules', () => {
  it('shows 1 to 4 as "<5", and 0 and 5 up exactly', () => {
    expect([0, 1, 4, 5, 17].map(bucket)).toEqual([0, '<5', '<5', 5, 17])
  })

  it('covers the completed UTC days before now, never today', () => {
    const late = reportWindow(new Date('2026-12-03T23:59:59Z'))
    expect(late.to.toISOString()).toBe('2026-12-03T00:00:00.000Z')
    expect(late.days).toHaveLength(REPORT_DAYS)
    expect(late.days[late.days.length - 1]).toBe('2026-12-02')
    expect(reportWindow(new Date('2026-12-04T00:00:00Z')).days.at(-1)).toBe('2026-12-03')
  })
})
