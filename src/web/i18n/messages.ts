import { en } from './en.ts'
import { es } from './es.ts'
import { fill, type Locale } from './locales.ts'

export {
  formatDateTime,
  formatDistance,
  formatRelative,
  isLocale,
  LOCALES,
  pickLocale,
  type Locale,
} from './locales.ts'
export type MessageKey = keyof typeof en
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, es }
export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español' }

/** The catalogue's text with `{name}` placeholders filled; a key is typed, so a missing one fails typecheck. */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale]
  return (key, params) => fill(messages[key], params)
}

/** Accept-Language's tags in order of their q-value. */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = Number(
        rest
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      )
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index }
    })
    .filter((p) => p.tag && p.tag !== '*' && p.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((p) => p.tag)
}
