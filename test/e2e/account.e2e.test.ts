import { describe, expect, it } from 'vitest'
import { checkPage, chromiumMissing } from './support/browser.ts'
import { useServerAndBrowser } from './support/session.ts'

describe.skipIf(chromiumMissing)('accounts in the browser', () => {
  const { server, browser } = useServerAndBrowser()

  it('serves the home page with no serious accessibility violation', async () => {
    const page = await browser.newPage()
    await page.goto(server.url)
    await expect(page.getByRole('heading', { level: 1 })).toBeTruthy()
    expect(await page.title()).toContain('Homeward')
    await checkPage(page, 'home')
  })

  it('signs up, is sent to the page it asked for, signs out, and signs in again', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/sign-up?next=/`)
    await checkPage(page, 'sign-up')
    await page.getByLabel('Your name').fill('Ada')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel(/^Password/).fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Password/)
    await page.getByLabel(/^Password/).fill('a long enough password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true)

    await page.goto(`${server.url}/sign-in?next=/`)
    await checkPage(page, 'sign-in')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Password').fill('wrong password!')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid/i)
    await page.getByLabel('Password').fill('a long enough password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
    await context.close()
  })

  it('refuses a "next" target on another site', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/sign-in?next=//evil.example/`)
    expect(await page.locator('#sign-in').getAttribute('data-next')).toBe('/me')
  })
})
