import type { BrowserContext, CDPSession, Page } from 'playwright-core'

/**
 * Watches the page's service worker registrations through the DevTools protocol, so a test can deliver a push to
 * the worker itself: resolves with the id of the registration whose scope is the site's root.
 */
export async function serviceWorkerRegistration(
  context: BrowserContext,
  page: Page,
  origin: string,
): Promise<{ cdp: CDPSession; registered: Promise<string> }> {
  const cdp = await context.newCDPSession(page)
  const registered = new Promise<string>((resolve) =>
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      ({ registrations }: { registrations: { registrationId: string; scopeURL: string }[] }) => {
        const ours = registrations.find((r) => r.scopeURL === `${origin}/`)
        if (ours) resolve(ours.registrationId)
      },
    ),
  )
  await cdp.send('ServiceWorker.enable')
  return { cdp, registered }
}
