import type { Locale } from './i18n/locales.ts'

/** A page script in the page's language: each language has its own bundle (assets.ts), with only its own catalogue. */
export const pageScript = (page: string, locale: Locale) => (locale === 'en' ? `${page}.js` : `${page}.${locale}.js`)
