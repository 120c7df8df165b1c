import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catPhoto } from '../support/images.ts'
import { openLostCat, signUpByApi, type ApiUser } from './support/api-user.ts'
import { checkPage, chromiumMissing } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { addSessionCookies, useServerAndBrowser } from './support/session.ts'

const LAST_SEEN = { lat: 51.47123, lng: -0.12345 }
const SEEN_AT = { lat: 51.46871, lng: -0.11768 }
const MESSAGE = 'Your cat is sleeping under the bench by the bakery, right now.'

describe.skipIf(chromiumMissing)(
  'a guest helps without an account, the owner answers in another browser, the guest reads it',
  () => {
    const { server, browser } = useServerAndBrowser({ timeoutMs: 600_000 }) // the server starts here now; see the hook below
    let guestContext: BrowserContext
    let ownerContext: BrowserContext
    let guest: Page
    let ownerPage: Page
    let owner: ApiUser
    let chelsea: { id: string }
    let messageLink: string

    beforeAll(async () => {
      owner = await signUpByApi(server.url, 'Olive Owner')
      chelsea = await openLostCat(owner, LAST_SEEN)
      guestContext = await browser.newContext()
      ownerContext = await browser.newContext()
      await addSessionCookies(ownerContext, owner.cookie, server.url)
      guest = await guestContext.newPage()
      ownerPage = await ownerContext.newPage()
    }, 600_000) // the server loads the vision models; on a shared machine that alone can take minutes
    afterAll(async () => {
      await guestContext?.close()
      await ownerContext?.close()
    })

    it('sends a message from the pet page and shows the one-time link', async () => {
      await guest.goto(`${server.url}/pets/${chelsea.id}`)
      await guest.getByLabel('Your message').fill(MESSAGE)
      await guest.getByRole('button', { name: 'Send without an account' }).click()
      const link = guest.locator('#guest-link')
      await expect.poll(() => link.count()).toBe(1)
      messageLink = (await link.getAttribute('href'))!
      expect(messageLink).toMatch(/^\/guest#hwg_[A-Za-z0-9_-]{43}$/)
      expect(await guest.locator('#guest-sent').textContent()).toMatch(/Keep this link/)
      await checkPage(guest, 'guest-message-sent')
      await phoneScreenshot(guest, 'guest-pet-page-sent')
    })

    it('sends “I saw this pet” with a place and a photo, kept as a coarse area', { timeout: 90_000 }, async () => {
      const posted: string[] = []
      guest.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/guest-sightings'))
          posted.push((r.postDataBuffer() ?? Buffer.alloc(0)).toString('latin1'))
      })
      await guest.getByLabel('Latitude').fill(String(SEEN_AT.lat))
      await guest.getByLabel('Longitude').fill(String(SEEN_AT.lng))
      await guest.getByLabel('Longitude').press('Tab')
      await guest
        .getByLabel('Photo (optional)')
        .setInputFiles({ name: 'seen.jpg', mimeType: 'image/jpeg', buffer: await catPhoto() })
      await guest.getByLabel('Note (optional)').fill('Heading towards the park')
      const before = await guest.locator('#guest-link').getAttribute('href')
      await guest.getByRole('button', { name: 'Send sighting' }).click()
      await expect.poll(() => guest.locator('#guest-link').getAttribute('href'), { timeout: 60_000 }).not.toBe(before)
      expect(posted).toHaveLength(1)
      for (const digits of [String(SEEN_AT.lat), String(SEEN_AT.lng)]) expect(posted[0]).not.toContain(digits)
    })

    it('shows the owner both guest threads with a guest label, and the owner replies', async () => {
      await ownerPage.goto(`${server.url}/threads`)
      await expect.poll(() => ownerPage.locator('.badge.kind-guest').count()).toBe(2)
      await checkPage(ownerPage, 'owner-threads-guests')
      await phoneScreenshot(ownerPage, 'owner-threads-guests')
      const { threads } = (await (await owner.fetch('/api/threads')).json()) as { threads: { id: string }[] }
      const bodies = await Promise.all(
        threads.map(async (t) => ({ id: t.id, text: await (await owner.fetch(`/api/threads/${t.id}`)).text() })),
      )
      const sightingThread = bodies.find((b) => b.text.includes('Heading towards the park'))!
      await ownerPage.goto(`${server.url}/threads/${sightingThread.id}`)
      expect(await ownerPage.textContent('main')).toMatch(/Saw the pet .* within a coarse area of about/)
      expect(
        await ownerPage
          .getByRole('img', { name: 'Photo sent with the sighting' })
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true)
      await phoneScreenshot(ownerPage, 'owner-guest-sighting')

      await ownerPage.goto(`${server.url}/threads/${bodies.find((b) => b.text.includes(MESSAGE))!.id}`)
      await ownerPage.getByLabel('Your reply').fill('Thank you so much! I am on my way.')
      await ownerPage.getByRole('button', { name: 'Send reply' }).click()
      await expect.poll(() => ownerPage.textContent('main')).toContain('I am on my way')
    })

    it('lets the guest read the reply with their link, and answer it', async () => {
      await guest.goto(`${server.url}${messageLink}`)
      await expect.poll(() => guest.locator('#messages li').count()).toBe(2)
      const main = (await guest.textContent('main'))!
      expect(main).toContain('Thank you so much! I am on my way.')
      expect(main).toContain('Chelsea’s owner')
      expect(main).not.toContain('Heading towards the park') // the other guest thread
      const html = await guest.content()
      for (const secret of ['Olive Owner', '@example.com', LAST_SEEN.lat.toFixed(4), LAST_SEEN.lng.toFixed(4)])
        expect(html).not.toContain(secret)
      await checkPage(guest, 'guest-thread')
      await phoneScreenshot(guest, 'guest-thread')
      await guest.getByLabel('Your reply').fill('See you there')
      await guest.getByRole('button', { name: 'Send reply' }).click()
      await expect.poll(() => guest.locator('#messages li').count()).toBe(3)
      await ownerPage.reload()
      expect(await ownerPage.textContent('main')).toContain('See you there')
    })

    it('says a wrong link is wrong, and shows nothing', async () => {
      await guest.goto(`${server.url}/guest#hwg_${'A'.repeat(43)}`)
      await expect.poll(() => guest.locator('#guest-status').textContent()).toMatch(/incomplete, wrong or has expired/)
      expect(await guest.locator('#messages li').count()).toBe(0)
      expect(await guest.locator('#guest-reply').isHidden()).toBe(true)
    })
  },
)
