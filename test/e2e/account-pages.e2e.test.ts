import fs from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'

/** The reset link from the newest mail to `to`, as the dev mail transport wrote it. */
async function resetLinkFor(server: E2eServer, to: string): Promise<string> {
  const dir = path.join(server.dataDir, 'mail')
  for (let i = 0; i < 100; i++) {
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const mail = (await fs.readFile(path.join(dir, name), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=')
      const link = mail.includes(`To: ${to}`)
        ? /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail)?.[1]
        : undefined
      if (link) return link
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no reset mail to ${to}`)
}

// The machine these run on is shared: waits are generous, failures still fail.
const POLL = { timeout: 30_000 }
const SLOW = 400_000

describe.skipIf(chromiumMissing)('account pages in the browser', () => {
  let server: E2eServer
  let browser: Browser
  const who = { name: 'Robin', email: `robin-${Date.now()}@example.com` }

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
    const newContext = browser.newContext.bind(browser)
    // Pages load slowly on the shared machine: give navigations and waits two minutes.
    browser.newContext = async (...args) => {
      const context = await newContext(...args)
      context.setDefaultTimeout(120_000)
      return context
    }
  }, 400_000) // the server loads the vision models first, on a shared machine
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const signIn = async (page: Page, password: string) => {
    await page.goto(`${server.url}/sign-in?next=/account`)
    await page.getByLabel('Email').fill(who.email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  it(
    'resets a forgotten password from the emailed link, which works once',
    async () => {
      const first = await browser.newContext()
      await signUpInBrowser(await first.newPage(), server.url, who, 'first password here')
      await first.close()

      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${server.url}/sign-in`)
      await page.getByRole('link', { name: 'Forgot your password?' }).click()
      await page.waitForURL(`${server.url}/forgot-password`)
      await page.getByLabel('Email').fill(who.email)
      await page.getByRole('button', { name: 'Send me a link' }).click()
      await expect.poll(() => page.locator('#form-done').textContent(), POLL).toMatch(/If an account uses this address/)
      await checkPage(page, 'forgot-password')
      await phoneScreenshot(page, 'forgot-password-sent')

      const link = await resetLinkFor(server, who.email)
      await page.goto(link)
      expect(new URL(page.url()).hash).toBe('') // the token leaves the address bar
      await phoneScreenshot(page, 'reset-password')
      await page.getByLabel(/New password/).fill('second password here')
      await page.getByRole('button', { name: 'Save the new password' }).click()
      await expect.poll(() => page.locator('#reset-done').isVisible(), POLL).toBe(true)
      await checkPage(page, 'reset-password-done')
      await phoneScreenshot(page, 'reset-password-done')

      await page.goto('about:blank') // from /reset-password itself, the link would only change the fragment, not load the page
      await page.goto(link) // used once
      await page.getByLabel(/New password/).fill('third password here')
      await page.getByRole('button', { name: 'Save the new password' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/invalid/i)

      await signIn(page, 'second password here')
      await page.waitForURL(`${server.url}/account`)
      await context.close()
    },
    SLOW,
  )

  it(
    'changes the password on the account page, signing the other browser out',
    async () => {
      const other = await browser.newContext()
      const otherPage = await other.newPage()
      await signIn(otherPage, 'second password here')
      await otherPage.waitForURL(`${server.url}/account`)

      const context = await browser.newContext()
      const page = await context.newPage()
      await signIn(page, 'second password here')
      await page.waitForURL(`${server.url}/account`)
      await checkPage(page, 'account')
      await phoneScreenshot(page, 'account')
      await page.getByLabel('Current password').fill('wrong password!!')
      await page.getByLabel(/^New password/).fill('third password here')
      await page.getByRole('button', { name: 'Change password' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/invalid password/i)
      await page.getByLabel('Current password').fill('second password here')
      await page.getByRole('button', { name: 'Change password' }).click()
      await expect.poll(() => page.locator('#form-done').textContent(), POLL).toMatch(/Password changed/)
      await phoneScreenshot(page, 'account-password-changed')

      await otherPage.goto(`${server.url}/account`)
      await otherPage.waitForURL(/\/sign-in\?next=/) // signed out there
      await page.goto(`${server.url}/account`)
      expect(page.url()).toBe(`${server.url}/account`) // still signed in here
      await other.close()
      await context.close()
    },
    SLOW,
  )

  it(
    'shows what the account holds and who read it, then deletes it all after the password',
    async () => {
      const context = await browser.newContext({ timezoneId: 'America/New_York' })
      const page = await context.newPage()
      await signIn(page, 'third password here')
      await page.waitForURL(`${server.url}/account`)
      const made = await page.evaluate(async (version) => {
        const res = await fetch('/api/cameras', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Porch',
            location: { lat: 51.4613, lng: -0.1156 },
            consent: { version, accepted: true },
          }),
        })
        return res.status
      }, CAMERA_CONSENT_VERSION)
      expect(made).toBe(201)

      await page.getByRole('link', { name: 'Your data and who read it' }).click()
      await page.waitForURL(`${server.url}/account/data`)
      const cameras = page
        .locator('.counts div')
        .filter({ has: page.locator('dt').getByText('Cameras', { exact: true }) })
        .locator('dd')
      expect(await cameras.textContent()).toBe('1')
      const entry = page.locator('.audit-list li').first()
      expect(await entry.textContent()).toMatch(/You agreed to the camera terms for a camera\./)
      // In the browser's own time zone, not the server's UTC.
      expect(await entry.locator('time').textContent()).not.toContain('UTC')
      await checkPage(page, 'account-data')
      await phoneScreenshot(page, 'account-data')

      await page.goto(`${server.url}/account`)
      await page.getByRole('link', { name: 'Delete my account…' }).click()
      await page.waitForURL(`${server.url}/account/delete`)
      await checkPage(page, 'account-delete')
      await phoneScreenshot(page, 'account-delete')
      await page.getByLabel('Type your password to confirm').fill('not my password')
      await page.getByRole('button', { name: 'Delete my account and everything in it' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/not right/)
      await page.getByLabel('Type your password to confirm').fill('third password here')
      await page.getByRole('button', { name: 'Delete my account and everything in it' }).click()
      await page.waitForURL(`${server.url}/account/deleted`)
      await phoneScreenshot(page, 'account-deleted')
      expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true)

      await signIn(page, 'third password here')
      await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/invalid/i)
      await context.close()
    },
    SLOW,
  )

  it(
    'answers a browser with pages for an unknown path and for /transparency',
    async () => {
      const page = await (await browser.newContext()).newPage()
      const missing = await page.goto(`${server.url}/no-such-page`)
      expect(missing?.status()).toBe(404)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found')
      await checkPage(page, 'not-found')
      await phoneScreenshot(page, 'not-found')

      await page.getByRole('link', { name: 'Transparency report' }).click()
      await page.waitForURL(`${server.url}/transparency`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Transparency report')
      await checkPage(page, 'transparency')
      await phoneScreenshot(page, 'transparency')
      await page.getByRole('link', { name: 'The same figures as JSON' }).click()
      expect(JSON.parse((await page.locator('body').textContent()) ?? '{}').days).toHaveLength(30)
      await page.close()
    },
    SLOW,
  )
})
