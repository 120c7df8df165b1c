import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { catPhoto } from '../support/images.ts'
import { signUpByApi } from './support/api-user.ts'
import { checkPage, chromiumMissing, signUpInBrowser } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { addSessionCookies, useServerAndBrowser } from './support/session.ts'

const POINT = { lat: 51.4613, lng: -0.1156 }
const NO_PET = path.resolve('../shared/data/negatives/building.jpg')
const DOG_DIR = path.resolve('../shared/data/pets/breeds/saint_bernard')
const hasData = fs.existsSync(NO_PET) && fs.existsSync(DOG_DIR)
const SLOW = { timeout: 90_000 }

describe.skipIf(chromiumMissing || !hasData)('photo checks and endings in the browser', () => {
  const { server, browser } = useServerAndBrowser()
  let owner: BrowserContext
  let page: Page

  beforeAll(async () => {
    owner = await browser.newContext()
    page = await owner.newPage()
    await signUpInBrowser(page, server.url, { name: 'Olive', email: 'olive@example.com' })
  })

  async function fillReport(photos: { name: string; buffer: Buffer }[], species: 'Cat' | 'Dog', name: string) {
    await page.goto(`${server.url}/lost/new`)
    await page.locator('#photos').setInputFiles(photos.map((p) => ({ ...p, mimeType: 'image/jpeg' })))
    await page.getByLabel(species, { exact: true }).check()
    await page.getByLabel('Your pet’s name').fill(name)
    await page.getByLabel('Latitude').fill(String(POINT.lat))
    await page.getByLabel('Longitude').fill(String(POINT.lng))
    await page.getByRole('button', { name: 'Start the search' }).click()
  }

  it('asks about a photo with no pet, keeps it with a warning, and opens the search', SLOW, async () => {
    await fillReport(
      [
        { name: 'chelsea.jpg', buffer: await catPhoto() },
        { name: 'garden.jpg', buffer: fs.readFileSync(NO_PET) },
      ],
      'Cat',
      'Chelsea',
    )
    const check = page.locator('#photo-check')
    await expect.poll(() => check.isVisible(), SLOW).toBe(true)
    expect(await check.textContent()).toContain('Photo 2: no dog or cat was found in it.')
    await checkPage(page, 'photo-check-no-pet')
    await phoneScreenshot(page, 'photo-check-no-pet')
    await page.getByRole('radio', { name: /Keep it with a warning/ }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/lost\/[0-9a-f-]{36}$/, SLOW)
    await expect.poll(() => page.locator('.warning', { hasText: 'Not used for matching' }).count()).toBeGreaterThan(0)
    await phoneScreenshot(page, 'search-kept-photo-warning')
  })

  it('asks to confirm a species the photo contradicts, and switches it when the owner says so', SLOW, async () => {
    const dog = fs
      .readdirSync(DOG_DIR)
      .filter((f) => f.endsWith('.jpg'))
      .sort()[0]!
    await fillReport([{ name: 'rex.jpg', buffer: fs.readFileSync(path.join(DOG_DIR, dog)) }], 'Cat', 'Rex')
    const check = page.locator('#photo-check')
    await expect.poll(() => check.isVisible(), SLOW).toBe(true)
    expect(await check.textContent()).toContain('Photo 1 looks like a dog, but the report says cat.')
    await checkPage(page, 'photo-check-species')
    await phoneScreenshot(page, 'photo-check-species')
    await page.getByRole('radio', { name: 'Change the species to dog' }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/lost\/[0-9a-f-]{36}$/, SLOW)
    expect(await page.title()).toMatch(/Rex, your lost dog/)
  })

  it('asks before "… is home", and undoes it', SLOW, async () => {
    await page.goto(`${server.url}/me`)
    await page
      .getByRole('link', { name: /Chelsea/ })
      .first()
      .click()
    await page.getByRole('button', { name: 'Chelsea is home' }).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await phoneScreenshot(page, 'home-confirm')
    await page.getByRole('button', { name: 'Not yet' }).click()
    expect(await page.locator('#status-heading .badge').textContent()).toBe('Searching')

    await page.getByRole('button', { name: 'Chelsea is home' }).click()
    await page.getByRole('button', { name: 'Yes, Chelsea is home' }).click()
    await expect.poll(() => page.locator('#status-heading .badge').textContent()).toBe('Found')
    await checkPage(page, 'home-undo')
    await phoneScreenshot(page, 'home-undo')
    await page.getByRole('button', { name: 'Undo: Chelsea is not home yet' }).click()
    await expect.poll(() => page.locator('#status-heading .badge').textContent()).toBe('Searching')
  })

  it('lets a finder close their found-pet report from its page', SLOW, async () => {
    const finder = await signUpByApi(server.url, 'Finn')
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(POINT.lat),
      lng: String(POINT.lng),
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'cat.jpg', { type: 'image/jpeg' }))
    const res = await finder.fetch('/api/found-pets', { method: 'POST', body: form })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }

    const context = await browser.newContext()
    await addSessionCookies(context, finder.cookie, server.url)
    const finderPage = await context.newPage()
    await finderPage.goto(`${server.url}/found/${id}`)
    finderPage.once('dialog', (d) => void d.accept())
    await phoneScreenshot(finderPage, 'found-finder-open')
    await finderPage.getByRole('button', { name: 'Close this report' }).click()
    await expect.poll(() => finderPage.getByRole('status').first().textContent()).toContain('You closed this report')
    await checkPage(finderPage, 'found-finder-closed')
    await phoneScreenshot(finderPage, 'found-finder-closed')
    // Neighbours no longer see it.
    expect((await fetch(`${server.url}/api/found-pets/${id}`)).status).toBe(404)
    await context.close()
  })
})
