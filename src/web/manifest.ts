import { translator, type Locale } from './i18n/messages.ts'

/** The web app manifest: opens on the feed, standalone, in Homeward's colours, in the visitor's language. */
export function webManifest(iconUrl: (name: string) => string, locale: Locale = 'en') {
  const t = translator(locale)
  return {
    name: t('manifest.name'),
    short_name: 'Homeward',
    description: t('manifest.description'),
    lang: locale,
    id: '/',
    start_url: '/feed',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b5cad',
    icons: [
      { src: iconUrl('icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: iconUrl('icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: iconUrl('icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  }
}
