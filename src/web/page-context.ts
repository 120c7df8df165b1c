import type { Context } from 'hono'
import type { AppEnv } from '../http/env.ts'
import type { WebAssets } from './assets.ts'
import type { GeocoderSettings } from './geocoder-settings.ts'
import { chooseLocale } from './i18n/choose.ts'
import { translator } from './i18n/messages.ts'
import type { PageContext, PageUser } from './layout.tsx'

export interface WebDeps {
  readonly assets: WebAssets
  readonly tileUrl: string
  /** Where browsers look addresses up; undefined: no address search (the pages say so). */
  readonly geocoder?: GeocoderSettings | undefined
  /** The site's public address, for links that leave the browser (a flyer's QR code). */
  readonly publicUrl: string
}

export async function pageContext(c: Context<AppEnv>, deps: WebDeps): Promise<PageContext> {
  const session = await c.var.deps.auth.api.getSession({ headers: c.req.raw.headers })
  const user: PageUser | undefined = session
    ? { id: session.user.id, name: session.user.name, email: session.user.email }
    : undefined
  const locale = chooseLocale(c)
  return {
    assets: deps.assets,
    user,
    tileUrl: deps.tileUrl,
    geocoder: deps.geocoder,
    path: c.req.path,
    locale,
    t: translator(locale),
  }
}

export type SignedInPageContext = PageContext & { readonly user: PageUser }

/** A page for signed-in users: a signed-out visitor is sent to sign in, and comes back here after. */
export function signedInPage(
  deps: WebDeps,
  render: (c: Context<AppEnv>, ctx: SignedInPageContext) => Response | Promise<Response>,
) {
  return async (c: Context<AppEnv>) => {
    const ctx = await pageContext(c, deps)
    if (ctx.user) return render(c, { ...ctx, user: ctx.user })
    const next = c.req.path + (new URL(c.req.url).search || '')
    return c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303)
  }
}

const FIXED_ORIGIN = 'https://homeward.invalid'
// Browsers drop tabs and newlines from URLs and read a backslash as a slash, so `/\t/evil.example` becomes `//evil.example`.
const isUnsafeInUrl = (value: string) =>
  [...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f' || ch === '\\')

function decodedFully(value: string): string | undefined {
  let current = value
  for (let i = 0; i < 3; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return undefined
    }
    if (next === current) return current
    current = next
  }
  return undefined // still encoded after three rounds: nobody's real link
}

/** Only same-site paths may be a `next` target, so the sign-in page cannot be used to bounce users elsewhere. */
export function safeNextPath(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return '/me'
  const decoded = decodedFully(next)
  if (decoded === undefined || isUnsafeInUrl(next) || isUnsafeInUrl(decoded) || decoded.startsWith('//')) return '/me'
  const url = new URL(next, FIXED_ORIGIN)
  return url.origin === FIXED_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : '/me'
}
