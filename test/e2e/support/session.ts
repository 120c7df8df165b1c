import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.ts'
import { startE2eServer, type E2eServer } from './server.ts'

/** Stands for what a beforeAll hook makes, so a describe block can name it up front (as useTestApp does). */
function startedLater<T extends object>(get: () => T | undefined, what: string): T {
  const target = () => {
    const value = get()
    if (!value) throw new Error(`the ${what} is used before its beforeAll ran`)
    return value
  }
  return new Proxy({} as T, {
    get(_, key) {
      const value: unknown = Reflect.get(target(), key)
      return typeof value === 'function' ? value.bind(target()) : value
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
  })
}

/**
 * The real server and a headless browser for one describe block: started before its tests, closed after them,
 * and after the block's own afterAll hooks, so those may close their browser contexts first.
 */
export function useServerAndBrowser(options: { readonly timeoutMs?: number } = {}): {
  readonly server: E2eServer
  readonly browser: Browser
} {
  let server: E2eServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  }, options.timeoutMs)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return { server: startedLater(() => server, 'server'), browser: startedLater(() => browser, 'browser') }
}

/** Gives a browser context the session of a user signed up through the API (its `cookie` header). */
export function addSessionCookies(context: BrowserContext, cookie: string, url: string): Promise<void> {
  return context.addCookies(
    cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=')
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url }
    }),
  )
}
