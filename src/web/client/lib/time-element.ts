import { pageLocale } from '../../i18n/client.ts'

const local = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })
const relative = new Intl.RelativeTimeFormat(pageLocale, { numeric: 'auto' })

/** A <time> element reading "3 hours ago", with the exact local time as its title. */
export function timeElement(iso: string, style: 'relative' | 'absolute' = 'relative'): HTMLTimeElement {
  const date = new Date(iso)
  const time = document.createElement('time')
  time.dateTime = date.toISOString()
  time.title = local.format(date)
  time.textContent = style === 'relative' ? ago(date) : local.format(date)
  return time
}

export function ago(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000)
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ]
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return relative.format(0, 'minute')
}
