import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLostCat, signUpByApi } from './support/api-user.ts'
import { checkPage, chromiumMissing } from './support/browser.ts'
import { useServerAndBrowser } from './support/session.ts'

describe.skipIf(chromiumMissing)('a Spanish-speaking neighbour switches the pages to Spanish', () => {
  const { server, browser } = useServerAndBrowser()
  let context: BrowserContext
  let page: Page
  let petId: string

  beforeAll(async () => {
    const owner = await signUpByApi(server.url, 'Pet owner')
    petId = (await openLostCat(owner, { lat: 51.47123, lng: -0.12345 })).id
    context = await browser.newContext({ locale: 'en-GB' })
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
  })

  it('shows English first, then Spanish text and a Spanish date after the switch, and keeps it on the next page', async () => {
    await page.goto(`${server.url}/pets/${petId}`)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.getByRole('link', { name: /Español/ }).click()
    await page.waitForURL(/lang=es/)
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gato perdido: Chelsea')
    const time = page.locator('dl.facts time')
    const iso = await time.getAttribute('datetime')
    const spanish = await page.evaluate(
      (at) => new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at!)),
      iso,
    )
    await expect.poll(() => time.textContent()).toBe(spanish)
    await checkPage(page, 'pet-es')

    // The choice is remembered by a cookie: the feed, with no ?lang=, is in Spanish too.
    await page.goto(`${server.url}/feed`)
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    await expect
      .poll(() => page.locator('#feed-status').textContent())
      .toBe('Elige un lugar para ver las mascotas avisadas cerca.')
    expect(await page.getByRole('button', { name: 'Ver mascotas cerca de aquí' }).count()).toBe(1)
    // Text the page's script adds in the browser comes from the same catalogue.
    await expect.poll(() => page.getByRole('button', { name: 'Usar mi ubicación' }).count()).toBe(1)
    await checkPage(page, 'feed-es')
  })
})
