import type { Locale } from '../i18n/messages.ts'

/** A moment as `<time>`: UTC until the page's script rewrites it into the reader's own zone. */
export function LocalTime({ at }: { at: Date | string }) {
  const date = typeof at === 'string' ? new Date(at) : at
  const utc = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return (
    <time datetime={date.toISOString()} data-local="">
      {utc}
    </time>
  )
}

/** A catalogue sentence with a `{when}` slot (left unfilled by `t`), the moment shown as a LocalTime in it. */
export function WithTime({ text, at }: { text: string; at: Date | string }) {
  const [before, after = ''] = text.split('{when}')
  return (
    <>
      {before}
      <LocalTime at={at} />
      {after}
    </>
  )
}

const compass: Record<Locale, { N: string; S: string; E: string; W: string }> = {
  en: { N: 'N', S: 'S', E: 'E', W: 'W' },
  es: { N: 'N', S: 'S', E: 'E', W: 'O' },
}

/** A coarse area in words, for paper: rounded to about 100 m, which the area is far larger than. */
export function coarsePlace(center: { lat: number; lng: number }, locale: Locale = 'en'): string {
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 })
  const c = compass[locale]
  const lat = `${number.format(Math.abs(center.lat))}° ${center.lat >= 0 ? c.N : c.S}`
  const lng = `${number.format(Math.abs(center.lng))}° ${center.lng >= 0 ? c.E : c.W}`
  return locale === 'es' ? `${lat}; ${lng}` : `${lat}, ${lng}`
}
