import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { acceptLanguageTags, isLocale, pickLocale, type Locale } from './messages.ts'

const COOKIE = 'lang'

/**
 * `?lang=` (the visible switch) wins and is remembered in a cookie for a year; else that cookie; else the
 * browser's Accept-Language. No account needed.
 */
export function chooseLocale(c: Context): Locale {
  const asked = c.req.query('lang')
  if (isLocale(asked)) {
    setCookie(c, COOKIE, asked, { path: '/', maxAge: 31_536_000, sameSite: 'Lax', httpOnly: true })
    return asked
  }
  const remembered = getCookie(c, COOKIE)
  if (isLocale(remembered)) return remembered
  return pickLocale(acceptLanguageTags(c.req.header('accept-language')))
}
