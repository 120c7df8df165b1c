import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Poll long enough for a shared, loaded machine: the page's own steps, not a speed target. */
const SLOW = { timeout: 15_000 }
import { checkPage, chromiumMissing } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { useServerAndBrowser } from './support/session.ts'

describe.skipIf(chromiumMissing)(
  'installable: a manifest with icons, and the feed opening offline from the service worker',
  () => {
    const { server, browser } = useServerAndBrowser()
    let context: BrowserContext
    let page: Page

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 390, height: 844 } })
      page = await context.newPage()
    })
    afterAll(async () => {
      await context?.close()
    })

    it('links a web app manifest whose icons load', async () => {
      await page.goto(`${server.url}/`)
      const href = await page.locator('link[rel=manifest]').getAttribute('href')
      const manifest = (await (await fetch(`${server.url}${href}`)).json()) as {
        start_url: string
        display: string
        icons: { src: string; sizes: string; purpose: string }[]
      }
      expect(manifest).toMatchObject({ start_url: '/feed', display: 'standalone' })
      expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
        '192x192 any',
        '512x512 any',
        '512x512 maskable',
      ])
      for (const icon of manifest.icons) {
        const res = await fetch(`${server.url}${icon.src}`)
        expect(res.headers.get('content-type')).toBe('image/png')
        const png = Buffer.from(await res.arrayBuffer())
        expect(png.readUInt32BE(16)).toBe(Number(icon.sizes.split('x')[0])) // the IHDR width
      }
    })

    it('opens the feed with no network, saying it is offline, and keeps no other page', async () => {
      await page.goto(`${server.url}/feed`)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
      await expect.poll(() => page.evaluate(() => caches.keys().then((keys) => keys.length)), SLOW).toBe(1)
      // clients.claim() takes only the pages that existed when the worker activated; a page whose
      // navigation was still in flight then stays uncontrolled, so a loaded navigation settles it.
      await page.reload()
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), SLOW).toBe(true)

      await context.setOffline(true)
      await page.goto(`${server.url}/feed?lat=51.4613&lng=-0.1156&radiusKm=5`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lost & found pets near you')
      expect(await page.locator('#offline-banner').isVisible()).toBe(true)
      await expect.poll(() => page.locator('#feed-place .form-error').textContent(), SLOW).toContain('You are offline')
      // The map library and the address box still load from the kept shell.
      await expect.poll(() => page.locator('.map.leaflet-container').count(), SLOW).toBe(1)
      await checkPage(page, 'feed-offline')
      await phoneScreenshot(page, 'feed-offline')

      await page.goto(`${server.url}/lost/new`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are offline')
      const kept = await page.evaluate(async () => {
        const urls: string[] = []
        for (const name of await caches.keys())
          for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname)
        return urls
      })
      expect(kept.filter((p) => !p.startsWith('/assets/')).sort()).toEqual(['/', '/feed'])

      await context.setOffline(false)
      await page.goto(`${server.url}/feed?lat=51.4613&lng=-0.1156&radiusKm=5`)
      await expect
        .poll(() => page.locator('#feed-status').textContent(), SLOW)
        .toMatch(/No pets like that reported within 5 km/)
      expect(await page.locator('#offline-banner').isVisible()).toBe(false)
    })
  },
)
