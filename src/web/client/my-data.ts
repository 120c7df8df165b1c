import { pageLocale } from '../i18n/client.ts'

// The server writes audit times in UTC; the browser knows the reader's own time zone.
const local = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })
for (const time of document.querySelectorAll<HTMLTimeElement>('.audit-list time[datetime]')) {
  const date = new Date(time.dateTime)
  if (!Number.isNaN(date.getTime())) time.textContent = local.format(date)
}
