import { describe, expect, it } from 'vitest'
import { checkPage, chromiumMissing, signUpInBrowser } from './support/browser.ts'
import { useServerAndBrowser } from './support/session.ts'
import { serviceWorkerRegistration } from './support/service-worker.ts'

describe.skipIf(chromiumMissing)('alerts as notifications on the camera owner’s device', () => {
  const { server, browser } = useServerAndBrowser()

  it('serves the service worker for the whole site, uncached', async () => {
    const res = await fetch(`${server.url}/sw.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('service-worker-allowed')).toBe('/')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-type')).toMatch(/javascript/)
  })

  it('registers the service worker from the alerts page, and shows a pushed alert as a notification naming the pet', async () => {
    const context = await browser.newContext()
    await context.grantPermissions(['notifications'], { origin: server.url })
    const page = await context.newPage()
    await signUpInBrowser(page, server.url, { name: 'Cam', email: 'cam-push@example.com' })
    await page.goto(`${server.url}/cameras/alerts`)
    await checkPage(page, 'camera-alerts-notifications')

    const { cdp, registered } = await serviceWorkerRegistration(context, page, server.url)
    await page.getByRole('button', { name: 'Notify me on this device' }).click()
    // With no push service reachable from this machine, subscribing fails, and the page says so plainly.
    await expect
      .poll(() => page.locator('#push-status').textContent(), { timeout: 20_000 })
      .toMatch(/notified of new alerts|could not be turned on/)
    const registrationId = await registered
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(
      `${server.url}/sw.js`,
    )

    // The push a notification worker would send (src/push/push.rules.ts), delivered by the browser itself.
    const push = {
      type: 'alert.created',
      alertId: crypto.randomUUID(),
      pet: { name: 'Chelsea', species: 'cat', photoUrl: null },
      sighting: { capturedAt: new Date().toISOString() },
    }
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: `${server.url}/`,
      registrationId,
      data: JSON.stringify(push),
    })
    const shown = async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
        })),
      )
    await expect.poll(shown, { timeout: 10_000 }).toEqual([
      {
        title: 'Your camera may have seen Chelsea',
        body: expect.stringMatching(/^A lost cat, seen /),
        tag: `alert-${push.alertId}`,
      },
    ])
    await context.close()
  })
})
