import { isLocale, pickLocale, translator, type Locale } from './messages.ts'

/**
 * The page's language for client scripts: the one the server rendered (`<html lang>`, from the ?lang= switch,
 * its cookie or Accept-Language), else the browser's own list.
 */
export const pageLocale: Locale = (() => {
  const lang = typeof document === 'undefined' ? undefined : document.documentElement.lang
  return isLocale(lang) ? lang : pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages)
})()
export const t = translator(pageLocale)
