import { describe, expect, it } from 'vitest'
import { translator } from '../i18n/messages.ts'
import { formatAgo } from './agent-status.tsx'

const now = new Date('2026-12-03T17:04:00Z')
const ago = (minutes: number, locale: 'en' | 'es' = 'en') =>
  formatAgo(translator(locale), locale, new Date(now.getTime() - minutes * 60_000), now)

describe('formatAgo', () => {
  it('never claims more precision than the 5-minute check-in has', () => {
    expect(ago(3)).toBe('in the last 5 minutes')
    expect(ago(3, 'es')).toBe('en los últimos 5 minutos')
  })
  it('speaks in minutes, hours and days', () => {
    expect(ago(20)).toBe('20 minutes ago')
    expect(ago(180)).toBe('3 hours ago')
    expect(ago(3 * 1440)).toBe('3 days ago')
    expect(ago(20, 'es')).toBe('hace 20 minutos')
  })
})
