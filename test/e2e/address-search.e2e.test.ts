import { latLngToCell } from 'h3-js'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Poll long enough for a shared, loaded machine: the page's own steps, not a speed target. */
const SLOW = { timeout: 15_000 }
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'
import { startStandInGeocoder, type StandInGeocoder } from './support/stand-in-geocoder.ts'

const ACRE_LANE = { label: '12 Acre Lane, Brixton, London SW2 5SG, United Kingdom', lat: 51.46172, lng: -0.11633 }
const LIBRARY = { label: 'Brixton Library, Brixton Oval, London, United Kingdom', lat: 51.46118, lng: -0.11428 }
const PARK = { label: 'Brockwell Park, Herne Hill, London, United Kingdom', lat: 51.45074, lng: -0.10577 }

async function findAddress(page: Page, query: string) {
  await page.getByLabel('Address or place').fill(query)
  await page.getByRole('button', { name: 'Find', exact: true }).click()
}

describe.skipIf(chromiumMissing)(
  'address search on every place-picking page, against a stand-in geocoder on 127.0.0.1',
  () => {
    let server: E2eServer
    let geocoder: StandInGeocoder
    let browser: Browser
    let context: BrowserContext
    let page: Page
    const homewardRequests: { path: string; body: string }[] = []

    beforeAll(async () => {
      geocoder = await startStandInGeocoder([ACRE_LANE, LIBRARY, PARK])
      ;[server, browser] = await Promise.all([
        startE2eServer({ GEOCODER_URL: geocoder.url, GEOCODER_KIND: 'nominatim' }),
        launchBrowser(),
      ])
      context = await browser.newContext()
      page = await context.newPage()
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (url.origin === server.url)
          homewardRequests.push({ path: url.pathname + url.search, body: request.postData() ?? '' })
      })
    })
    afterAll(async () => {
      await context?.close()
      await browser?.close()
      await server?.stop()
      await geocoder?.stop()
    })

    it('registers a camera by its street address: the browser asks the geocoder, Homeward gets only the coarse cell', async () => {
      await signUpInBrowser(page, server.url, { name: 'Addy', email: 'addy@example.com' })
      await page.goto(`${server.url}/cameras/new`)
      await findAddress(page, 'brixton')
      const results = page.getByRole('list', { name: 'Places found' }).getByRole('button')
      await expect.poll(() => results.count(), SLOW).toBe(2)
      expect(await page.getByText('2 places found: choose one.').count()).toBe(1)
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), SLOW).toBe(ACRE_LANE.label)
      await checkPage(page, 'address-camera-results')
      await phoneScreenshot(page, 'camera-new-address-results')

      await results.first().click()
      const cell = latLngToCell(ACRE_LANE.lat, ACRE_LANE.lng, 8)
      await expect.poll(() => page.locator('#area-status').textContent(), SLOW).toContain(cell)
      expect(await page.locator('.map path.area-outline').count()).toBe(1)
      expect(await page.locator('.map path.map-pin').count()).toBe(1)
      expect(await page.getByLabel('Latitude').inputValue()).toBe(ACRE_LANE.lat.toFixed(5))
      await phoneScreenshot(page, 'camera-new-address-chosen')

      await page.getByLabel('Camera name').fill('Porch')
      await page.getByLabel(/I have read the camera opt-in/).check()
      await page.getByRole('button', { name: 'Register camera' }).click()
      await page.waitForURL(/\/cameras\/[0-9a-f-]{36}\?registered/)

      expect(geocoder.queries).toEqual(['brixton'])
      // Neither the address nor the point went to Homeward: not in a body, not in a query string.
      const secrets = ['Acre', 'acre', 'brixton', ACRE_LANE.lat.toFixed(4), ACRE_LANE.lng.toFixed(4)]
      for (const r of homewardRequests)
        for (const secret of secrets) expect(`${r.path} ${r.body}`).not.toContain(secret)
      const registered = homewardRequests.filter((r) => r.path === '/api/cameras')
      expect(JSON.parse(registered[0]!.body)).toMatchObject({ cell })
    })

    it('picks the place by keyboard alone: Enter on the focused map pins its centre', async () => {
      await page.goto(`${server.url}/cameras/new`)
      const map = page.getByRole('application', { name: /Map to pin where the camera is/ })
      await map.focus()
      await map.press('ArrowRight')
      await map.press('Enter')
      await expect.poll(() => page.getByLabel('Latitude').inputValue(), SLOW).not.toBe('')
      await expect
        .poll(() => page.locator('#area-status').textContent(), SLOW)
        .toMatch(/Homeward will store only this outlined area/)
    })

    it('says when no place matches, and when the geocoder does not answer', async () => {
      await page.goto(`${server.url}/found/new`)
      await findAddress(page, 'atlantis')
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'No place found' }).count(), SLOW).toBe(1)
      await geocoder.stop()
      await findAddress(page, 'brockwell')
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'not answering' }).count(), SLOW).toBe(1)
      geocoder = await startStandInGeocoder([ACRE_LANE, LIBRARY, PARK], Number(new URL(geocoder.url).port))
    })

    it('fills the found-pet and lost-pet reports from an address', async () => {
      for (const path of ['/found/new', '/lost/new']) {
        await page.goto(`${server.url}${path}`)
        await findAddress(page, 'park')
        await page.getByRole('button', { name: PARK.label }).click()
        expect(await page.getByLabel('Latitude').inputValue()).toBe(PARK.lat.toFixed(5))
        expect(await page.getByLabel('Longitude').inputValue()).toBe(PARK.lng.toFixed(5))
        await expect
          .poll(() => page.getByRole('status').filter({ hasText: 'Pin set at Brockwell Park' }).count(), SLOW)
          .toBe(1)
        await checkPage(page, `address${path.replace(/\//g, '-')}`)
        await phoneScreenshot(page, `address${path.replace(/\//g, '-')}`)
      }
    })

    it('looks around an address on the feed', async () => {
      await page.goto(`${server.url}/feed`)
      await findAddress(page, 'library')
      await page.getByRole('button', { name: LIBRARY.label }).click()
      await page.getByRole('button', { name: 'Show pets near here' }).click()
      await expect.poll(() => new URL(page.url()).searchParams.get('lat'), SLOW).toBe(LIBRARY.lat.toFixed(5))
      await expect
        .poll(() => page.locator('#feed-status').textContent(), SLOW)
        .toMatch(/No pets like that reported within 5 km/)
      await phoneScreenshot(page, 'feed-address')
    })
  },
)
