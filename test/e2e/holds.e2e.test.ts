// Issue #13: the first reporter is told on their own search page that someone else reported a pet that
// looks like theirs, and decides there; the held search's owner sees the outcome.
import sharp from 'sharp'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catPhoto } from '../support/images.ts'
import { openLostCat, signUpByApi } from './support/api-user.ts'
import { checkPage, chromiumMissing } from './support/browser.ts'
import { addSessionCookies, useServerAndBrowser } from './support/session.ts'

const HOME = { lat: 51.4613, lng: -0.1056 }

describe.skipIf(chromiumMissing)('a look-alike search waits for the first owner, on their search page', () => {
  const { server, browser } = useServerAndBrowser()
  let context: BrowserContext
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 } })
  })
  afterAll(async () => {
    await context?.close()
  })

  it('shows the waiting search without its author, and refusing it closes it', async () => {
    const owner = await signUpByApi(server.url, 'First owner')
    const mine = await openLostCat(owner, HOME)
    const neighbour = await signUpByApi(server.url, 'Neighbour')
    const form = new FormData()
    const fields = {
      species: 'cat',
      name: 'Tabby',
      description: 'Friendly, green collar',
      lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
      lastSeenLat: String(HOME.lat),
      lastSeenLng: String(HOME.lng + 0.005),
    }
    for (const [key, value] of Object.entries(fields)) form.append(key, value)
    const mirrored = await sharp(await catPhoto())
      .flop()
      .jpeg({ quality: 80 })
      .toBuffer()
    form.append('photos', new File([new Uint8Array(mirrored)], 'pet.jpg', { type: 'image/jpeg' }))
    const held = await (await neighbour.fetch('/api/searches', { method: 'POST', body: form })).json()
    expect(held.status).toBe('held')

    await addSessionCookies(context, owner.cookie, server.url)
    const page = await context.newPage()
    await page.goto(`${server.url}/lost/${mine.id}`)
    const section = page.getByRole('region', { name: /Someone else reported a pet that looks like Chelsea/ })
    await expect.poll(() => section.isVisible()).toBe(true)
    const text = await section.innerText()
    expect(text).toContain('“Tabby”')
    expect(text).toContain('Friendly, green collar')
    expect(text).not.toMatch(/Neighbour|@example\.com/)
    await checkPage(page, 'holds-waiting-390')

    page.once('dialog', (dialog) => void dialog.accept())
    await section.getByRole('button', { name: 'Refuse it' }).click()
    await expect
      .poll(() => page.getByRole('region', { name: /Someone else reported/ }).count(), { timeout: 15_000 })
      .toBe(0)
    expect((await (await neighbour.fetch(`/api/searches/${held.id}`)).json()).status).toBe('closed')
  })
})
