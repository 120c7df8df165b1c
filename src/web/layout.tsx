import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { WebAssets } from './assets.ts'
import type { GeocoderSettings } from './geocoder-settings.ts'
import { LOCALES, localeNames, type Locale, type MessageKey, type Translate } from './i18n/messages.ts'
import { pageScript } from './page-script.ts'

export interface PageUser {
  readonly id: string
  readonly name: string
  readonly email: string
}

/** What every page needs besides its own data. */
export interface PageContext {
  readonly assets: WebAssets
  readonly user: PageUser | undefined
  /** Map tile URL template ({z}/{x}/{y}); pages work without tiles. */
  readonly tileUrl: string
  readonly geocoder?: GeocoderSettings | undefined
  readonly path: string
  /** The page's language (the ?lang= switch, its cookie, or Accept-Language) and its catalogue. */
  readonly locale: Locale
  readonly t: Translate
}

interface LayoutProps {
  readonly ctx: PageContext
  readonly title: string
  /** Client modules under src/web/client, by name without extension. */
  readonly scripts?: readonly string[]
  /** JSON handed to the page's script in a non-executing data block. */
  readonly data?: unknown
  readonly children?: Child
}

/** Page scripts that draw a map, so their pages need Leaflet's stylesheet (loaded with the map, client/lib/lazy-map.ts). */
const MAP_SCRIPTS = new Set([
  'owner-report',
  'owner-search',
  'owner-edit',
  'camera-new',
  'camera-detail',
  'found-new',
  'found-pet',
  'pet',
  'feed',
])

const navLinks: readonly { href: string; label: MessageKey }[] = [
  { href: '/feed', label: 'layout.nav.feed' },
  { href: '/lost/new', label: 'layout.nav.lost' },
  { href: '/found/new', label: 'layout.nav.found' },
  { href: '/cameras', label: 'layout.nav.cameras' },
]

export function Layout({ ctx, title, scripts = [], data, children }: LayoutProps) {
  const { t } = ctx
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · Homeward`}</title>
          <meta name="theme-color" content="#0b5cad" />
          <meta name="description" content={t('layout.description')} />
          <link rel="manifest" href="/manifest.webmanifest" />
          <link rel="icon" href={ctx.assets.url('icon.svg')} type="image/svg+xml" />
          <link rel="apple-touch-icon" href={ctx.assets.url('apple-touch-icon.png')} />
          <link rel="stylesheet" href={ctx.assets.url('style.css')} />
          <script type="module" src={ctx.assets.url(pageScript('app-shell', ctx.locale))} />
          {scripts.map((name) => (
            <script type="module" src={ctx.assets.url(pageScript(name, ctx.locale))} />
          ))}
        </head>
        <body
          data-signed-in={ctx.user ? 'true' : undefined}
          data-tile-url={ctx.tileUrl}
          data-geocoder-kind={ctx.geocoder?.kind}
          data-geocoder-url={ctx.geocoder?.url}
          data-map-styles={scripts.some((name) => MAP_SCRIPTS.has(name)) ? ctx.assets.url('leaflet.css') : undefined}
        >
          <a class="skip-link" href="#main">
            {t('layout.skip')}
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              Homeward
            </a>
            <nav aria-label={t('layout.nav')}>
              <ul>
                {navLinks.map((link) => (
                  <li>
                    <a href={link.href} aria-current={ctx.path === link.href ? 'page' : undefined}>
                      {t(link.label)}
                    </a>
                  </li>
                ))}
                {ctx.user ? (
                  <>
                    <li>
                      <a href="/me" aria-current={ctx.path === '/me' ? 'page' : undefined}>
                        {t('layout.nav.me')}
                      </a>
                    </li>
                    <li>
                      <a href="/account" aria-current={ctx.path === '/account' ? 'page' : undefined}>
                        {t('layout.nav.account')}
                      </a>
                    </li>
                    <li>
                      <a href="/notifications" aria-current={ctx.path === '/notifications' ? 'page' : undefined}>
                        {t('layout.nav.notifications')}
                      </a>
                    </li>
                    <li>
                      <form method="post" action="/sign-out" class="inline">
                        <button type="submit" class="link">
                          {t('layout.signOut')}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/sign-in">{t('layout.signIn')}</a>
                  </li>
                )}
                <li class="language-switch">
                  {LOCALES.filter((l) => l !== ctx.locale).map((l) => (
                    <a
                      href={`${ctx.path}?lang=${l}`}
                      hreflang={l}
                      lang={l}
                      aria-label={`${t('layout.language')}: ${localeNames[l]}`}
                    >
                      {localeNames[l]}
                    </a>
                  ))}
                </li>
              </ul>
            </nav>
          </header>
          <p id="offline-banner" class="warning offline-banner" role="status" hidden>
            {t('layout.offline')}
          </p>
          <main id="main" tabindex={-1}>
            <h1>{title}</h1>
            {children}
          </main>
          <footer class="site-footer">
            <p>
              {t('layout.footer.privacy')} <a href="/transparency">{t('layout.footer.transparency')}</a> ·{' '}
              <a href="/docs">API</a>
            </p>
          </footer>
          {data !== undefined && (
            <script type="application/json" id="page-data" dangerouslySetInnerHTML={{ __html: safeJson(data) }} />
          )}
        </body>
      </html>
    </>
  )
}

/** JSON that cannot close the script element it sits in. */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
}
