import { latLngToCell } from 'h3-js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Poll long enough for a shared, loaded machine: the page's own steps, not a speed target. */
const SLOW = { timeout: 15_000 }
import { catPng, makeJpeg } from '../support/images.ts'
import { openLostCat, signUpByApi, type ApiUser } from './support/api-user.ts'
import { checkPage, chromiumMissing } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { addSessionCookies, useServerAndBrowser } from './support/session.ts'

const FIRST_SEEN = { lat: 51.4613, lng: -0.1156 }
const REALLY_SEEN = { lat: 51.4702, lng: -0.1301 }

describe.skipIf(chromiumMissing)('the owner edits a report in the browser and sees what changed for matching', () => {
  const { server, browser } = useServerAndBrowser()
  let context: BrowserContext
  let page: Page
  let owner: ApiUser
  let search: { id: string }

  beforeAll(async () => {
    owner = await signUpByApi(server.url, 'Editor')
    search = await openLostCat(owner, FIRST_SEEN, { description: 'Tabby' })
    context = await browser.newContext({ timezoneId: 'Europe/London' })
    await addSessionCookies(context, owner.cookie, server.url)
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
  })
  const saved = async () =>
    (await (await owner.fetch(`/api/searches/${search.id}`)).json()) as {
      name: string
      radiusM: number
      lastSeen: { lat: number; lng: number }
      area: { cell: string }
      lastSeenAt: string
      photos: { id: string }[]
    }

  it('changes the name, the place and the radius, and lists what that means for matching', async () => {
    await page.goto(`${server.url}/lost/${search.id}`)
    await page.getByRole('link', { name: 'Edit the report' }).click()
    await page.waitForURL(`${server.url}/lost/${search.id}/edit`)
    expect(await page.getByLabel('Latitude').inputValue()).toBe(String(FIRST_SEEN.lat))
    await checkPage(page, 'edit-report')
    await phoneScreenshot(page, 'edit-report')

    await page.getByLabel('Your cat’s name').fill('Chelsea Bun')
    await page.getByLabel('Latitude').fill(String(REALLY_SEEN.lat))
    await page.getByLabel('Longitude').fill(String(REALLY_SEEN.lng))
    await page.getByLabel('Search radius in metres').fill('1000')
    await page.getByRole('button', { name: 'Save changes' }).click()
    const result = page.locator('#edit-result')
    await expect.poll(() => result.textContent(), SLOW).toContain('Matching runs again with these changes')
    const text = (await result.textContent())!
    expect(text).toContain(`another coarse area (${latLngToCell(REALLY_SEEN.lat, REALLY_SEEN.lng, 8)})`)
    expect(text).toMatch(/Search radius 500 m → 1 km/)
    expect(text).toContain('Name changed: shown on the public page and flyer; matching does not use it.')
    expect(text).not.toContain('Last seen')
    await phoneScreenshot(page, 'edit-report-saved')

    expect(await saved()).toMatchObject({ name: 'Chelsea Bun', radiusM: 1000, lastSeen: REALLY_SEEN })
  })

  it('saving again with nothing changed says so and sends nothing', async () => {
    let patches = 0
    page.on('request', (r) => void (r.method() === 'PATCH' && patches++))
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.locator('#edit-result').textContent(), SLOW).toContain('Nothing changed.')
    expect(patches).toBe(0)
  })

  it('adds a photo with progress, then removes the first one', async () => {
    await page.goto(`${server.url}/lost/${search.id}/edit`)
    await page
      .getByLabel('Add a photo')
      .setInputFiles({ name: 'side.png', mimeType: 'image/png', buffer: await catPng() })
    await page.getByRole('button', { name: 'Add photo' }).click()
    await expect
      .poll(() => page.locator('#edit-result').textContent(), { timeout: 60_000 })
      .toContain('Photos: 1 added; matching compares with all 2 now.')
    expect(await page.locator('#edit-photos li').count()).toBe(2)
    await phoneScreenshot(page, 'edit-report-photo-added')

    const before = await saved()
    await page.getByRole('button', { name: 'Remove photo 1' }).click()
    await expect
      .poll(() => page.locator('#edit-result').textContent(), SLOW)
      .toContain('Photos: 1 removed; matching compares with all 1 now.')
    expect((await saved()).photos.map((p) => p.id)).toEqual([before.photos[1]!.id])
    expect(await page.getByRole('button', { name: 'Remove photo 1' }).isDisabled()).toBe(true) // the last photo stays
    await checkPage(page, 'edit-report-photo-removed')
  })

  it('asks about a photo with no pet in it; removing it adds nothing', async () => {
    await page
      .getByLabel('Add a photo')
      .setInputFiles({ name: 'wall.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg() })
    await page.getByRole('button', { name: 'Add photo' }).click()
    await expect
      .poll(() => page.locator('#photo-check').textContent(), { timeout: 60_000 })
      .toMatch(/no dog or cat was found/i)
    await page.getByLabel('Remove this photo').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(await page.locator('#photo-check').isHidden()).toBe(true)
    expect((await saved()).photos).toHaveLength(1)
  })
})
