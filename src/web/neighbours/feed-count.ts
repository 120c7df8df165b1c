import { formatDistance, type Locale } from '../i18n/locales.ts'
import type { Translate } from '../i18n/messages.ts'

/** "3 pets within 5 km, newest first.", or that there are none; for the page and for its script. */
export function feedCountText(locale: Locale, t: Translate, shown: number, radiusKm: number): string {
  const km = formatDistance(locale, radiusKm)
  if (shown === 0) return t('feed.none', { km })
  const key = new Intl.PluralRules(locale).select(shown) === 'one' ? 'feed.count.one' : 'feed.count.other'
  return t(key, { count: shown, km })
}
