/** Languages the pages are written in; the first is the fallback. No catalogue here, so the service worker can use it alone. */
export const LOCALES = ['en', 'es'] as const
export type Locale = (typeof LOCALES)[number]

export const isLocale = (value: string | undefined | null): value is Locale => LOCALES.includes(value as Locale)

/** The first supported language of a preference list (Accept-Language order, or navigator.languages). */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.trim().toLowerCase().split(/[-_]/)[0]
    if (isLocale(base)) return base
  }
  return LOCALES[0]
}

/** A catalogue text with its `{name}` placeholders filled; unknown ones stay visible. */
export const fill = (text: string, params?: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole))

/** A distance in the reader's language ("5 km", "500 m"), through Intl's unit formatting. */
export function formatDistance(locale: Locale, km: number): string {
  if (km < 1)
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(km * 1000)
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(km)
}

export function formatDateTime(locale: Locale, date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone && { timeZone }),
  }).format(date)
}

/** "3 hours ago" in the reader's language, in whole days, hours or minutes. */
export function formatRelative(locale: Locale, date: Date, now: Date): string {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000)
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ]
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return relative.format(0, 'minute')
}
