import { fill, isLocale, pickLocale, type Locale } from './locales.ts'
import type { MessageKey, Translate } from './messages.ts'

/**
 * The page's language for client scripts: the one the server rendered (`<html lang>`, from the ?lang= switch,
 * its cookie or Accept-Language), else the browser's own list.
 */
export const pageLocale: Locale = (() => {
  const lang = typeof document === 'undefined' ? undefined : document.documentElement.lang
  return isLocale(lang) ? lang : pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages)
})()

// Only the page's own catalogue is fetched (each language is a chunk of its own), not every language's.
const messages: Record<MessageKey, string> = pageLocale === 'es' ? (await import('./es.ts')).es : (await import('./en.ts')).en

export const t: Translate = (key, params) => fill(messages[key], params)
