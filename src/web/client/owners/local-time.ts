import { pageLocale } from '../../i18n/client.ts'

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0')

/** The value a `datetime-local` input shows for this moment, in the browser's time zone. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/**
 * A `datetime-local` value (wall-clock time in the browser's zone) as ISO 8601 with that zone's offset,
 * e.g. 2026-11-25T18:30:00-05:00, so the server gets the instant and the owner's local reading of it.
 */
export function localInputToIso(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  if (h > 23 || mi > 59) return undefined
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s)
  // 31 February would roll into March; a clock hour skipped by daylight saving rolls forward, which is fine.
  if (Number.isNaN(date.getTime()) || date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return `${toLocalInputValue(date)}:${pad(date.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

/** Rewrites every `<time datetime>` marked `data-local` into the reader's own time zone and language. */
export function localiseTimes(root: ParentNode = document) {
  const format = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })
  for (const el of root.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const date = new Date(el.dateTime)
    if (!Number.isNaN(date.getTime())) el.textContent = format.format(date)
  }
}
