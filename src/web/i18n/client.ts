import { isLocale, pickLocale, translator, type Locale } from './messages.ts'

/**
 * The page's language for client scripts: the one the server rendered (`<html lang>`, from the ?lang= switch,
 * its cookie or Accept-Language), else the browser's own list.
 *
 * Both catalogues are bundled (a static import): loading only the page's one with a top-level `await import()`
 * made every script wire its forms a fetch later, and a form submitted before that is sent by the browser itself.
 */
export const pageLocale: Locale = (() => {
  const lang = typeof document === 'undefined' ? undefined : document.documentElement.lang
  return isLocale(lang) ? lang : pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages)
})()
export const t = translator(pageLocale)
