import { pageLocale } from '../../i18n/client.ts'
import { formatRelative } from '../../i18n/locales.ts'

const local = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })

/** A <time> element reading "3 hours ago", with the exact local time as its title. */
export function timeElement(iso: string, style: 'relative' | 'absolute' = 'relative'): HTMLTimeElement {
  const date = new Date(iso)
  const time = document.createElement('time')
  time.dateTime = date.toISOString()
  time.title = local.format(date)
  time.textContent = style === 'relative' ? ago(date) : local.format(date)
  return time
}

export const ago = (date: Date, now = Date.now()) => formatRelative(pageLocale, date, new Date(now))
