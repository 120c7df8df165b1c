import fs from 'node:fs/promises'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealToShareKey } from '../../src/agent/share/seal.ts'
import { shareImage } from '../../src/agent/share/share-image.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { browserSubscriptionKeys, decryptPushMessage, selfSignedCertificate } from '../push/support.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { catPhoto } from '../support/images.ts'
import { openLostCat, signUpByApi } from './support/api-user.ts'
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'
import { serviceWorkerRegistration } from './support/service-worker.ts'

const tls = await selfSignedCertificate()

/** Quoted-printable undone, enough to read a link out of an .eml file. */
const unQuote = (eml: string) =>
  eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))

/**
 * The pet owner is told: a camera owner's agent shares a snapshot, and the pet owner's browser gets a push
 * (through a stand-in push service, as no real one is reachable here) and an email, and opens it from each.
 */
describe.skipIf(chromiumMissing || !tls)('a pet owner told of a shared snapshot by push and email', () => {
  let server: E2eServer
  let browser: Browser
  let pipeline: VisionPipeline
  let pushService: https.Server
  let caDir: string
  const pushed: Buffer[] = []

  beforeAll(async () => {
    caDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-push-ca-'))
    await fs.writeFile(path.join(caDir, 'ca.pem'), tls!.cert)
    pushService = https.createServer({ key: tls!.key, cert: tls!.cert }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        pushed.push(Buffer.concat(chunks))
        res.statusCode = 201
        res.end()
      })
    })
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r))
    ;[server, browser, pipeline] = await Promise.all([
      startE2eServer({ ALLOW_PRIVATE_WEBHOOKS: 'true', PUSH_CA_FILE: path.join(caDir, 'ca.pem') }),
      launchBrowser(),
      createVisionPipeline(),
    ])
  }, 900_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    pushService?.close()
    if (caDir) await fs.rm(caDir, { recursive: true, force: true })
  })

  it(
    'turns push on from the settings page, gets a push and an email for the share, and opens the snapshot from both',
    { timeout: 600_000 },
    async () => {
      const context = await browser.newContext({ timezoneId: 'Europe/Madrid' })
      await context.grantPermissions(['notifications'], { origin: server.url })
      const page = await context.newPage()
      const email = 'petra-notices@example.com'
      await signUpInBrowser(page, server.url, { name: 'Petra', email })
      // Any signed-in page tells the server the browser's time zone.
      await expect
        .poll(async () => (await (await page.request.get(`${server.url}/api/me/notifications`)).json()).timeZone)
        .toBe('Europe/Madrid')

      const { cdp, registered } = await serviceWorkerRegistration(context, page, server.url)
      await page.getByRole('link', { name: 'Notifications' }).click()
      await page.waitForURL(`${server.url}/notifications`)
      await page.getByRole('button', { name: 'Notify me on this device' }).click()
      await expect
        .poll(() => page.locator('#push-status').textContent(), { timeout: 20_000 })
        .toMatch(/notified of new alerts|could not be turned on/)
      const registrationId = await registered
      // No push service answers this machine's browser: the subscription it would send goes to the stand-in.
      const keys = await browserSubscriptionKeys()
      const endpoint = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}/push/petra`
      const subscribed = await page.evaluate(
        async (body) =>
          (
            await fetch('/api/me/push-subscriptions', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            })
          ).status,
        JSON.stringify({ endpoint, keys: keys.json }),
      )
      expect(subscribed).toBe(201)
      await page
        .getByRole('row', { name: /A new message/ })
        .getByRole('checkbox', { name: /Email/ })
        .uncheck()
      await page.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => page.locator('#kinds-status').textContent()).toBe('Saved.')
      expect((await (await page.request.get(`${server.url}/api/me/notifications`)).json()).kinds.relay).toEqual({
        email: false,
        push: true,
        inApp: true,
      })
      await checkPage(page, 'notification-settings')
      await phoneScreenshot(page, 'notification-settings')

      // Petra's search; her browser makes its share key on the search page, which also offers push.
      const petra = { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') }
      const search = await openLostCat(
        {
          ...petra,
          fetch: (p, init = {}) =>
            fetch(`${server.url}${p}`, { ...init, headers: { cookie: petra.cookie, origin: server.url } }),
        },
        CAMERA_POINT,
      )
      await page.goto(`${server.url}/lost/${search.id}`)
      await page.getByRole('button', { name: 'Notify me on this device' }).waitFor()
      await expect
        .poll(
          async () => (await (await page.request.get(`${server.url}/api/searches/${search.id}`)).json()).sharePublicKey,
        )
        .toMatch(/^[A-Za-z0-9_-]{43}$/)

      // A neighbour's camera sees the cat, and they share one snapshot, sealed to Petra's key.
      const cam = await signUpByApi(server.url, 'Cam')
      const camera = await (
        await cam.fetch('/api/cameras', {
          method: 'POST',
          json: {
            name: 'Front door',
            location: CAMERA_POINT,
            consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
          },
        })
      ).json()
      const { code } = await (await cam.fetch(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST' })).json()
      const { token } = await (
        await fetch(`${server.url}/api/devices/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
      ).json()
      const device = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
      const analysis = await pipeline.analyze(await catPhoto())
      const sighting = {
        clientId: 'n-1',
        capturedAt: new Date(Date.now() - 60_000).toISOString(),
        species: 'cat',
        score: 0.9,
        modelId: pipeline.modelId,
        embedding: Array.from(analysis.pets[0]!.embedding),
        snapshotRef: 'door-0001',
      }
      expect(
        (
          await fetch(`${server.url}/api/sightings/batch`, {
            method: 'POST',
            headers: device,
            body: JSON.stringify({ sightings: [sighting] }),
          })
        ).status,
      ).toBe(200)
      let alert: { id: string; shareKey: { publicKey: string } | null } | undefined
      await expect
        .poll(
          async () =>
            (alert = (await (await fetch(`${server.url}/api/devices/alerts`, { headers: device })).json()).alerts[0])
              ?.shareKey?.publicKey,
          { timeout: 30_000 },
        )
        .toBeTruthy()
      const picture = await shareImage(pipeline, await catPhoto(), 'cat')
      if (picture.kind !== 'image') throw new Error('the cat photo should give a share image')
      const sealed = await sealToShareKey(alert!.shareKey!.publicKey, picture.jpeg)
      expect(
        (
          await fetch(`${server.url}/api/devices/alerts/${alert!.id}/share`, {
            method: 'POST',
            headers: device,
            body: JSON.stringify({ snapshotRef: 'door-0001', ...sealed }),
          })
        ).status,
      ).toBe(201)

      // The push: decrypted as the browser would, then handed to Petra's service worker.
      await expect.poll(() => pushed.length, { timeout: 30_000 }).toBe(1)
      const payload = JSON.parse(await decryptPushMessage(pushed[0]!, keys)) as {
        title: string
        body: string
        url: string
      }
      expect(payload).toMatchObject({
        title: 'A snapshot of Chelsea was shared with you',
        url: `/lost/${search.id}#shares-heading`,
      })
      expect(payload.body).toMatch(/today at \d\d:\d\d CET/)
      for (const secret of [camera.id, camera.area?.cell, 'door-0001', 'Cam', 'Front door'].filter(Boolean))
        expect(JSON.stringify(payload)).not.toContain(secret)
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: `${server.url}/`,
        registrationId,
        data: JSON.stringify(payload),
      })
      const shown = async () =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
            title: n.title,
            url: (n.data as { url: string }).url,
          })),
        )
      await expect.poll(shown, { timeout: 10_000 }).toEqual([{ title: payload.title, url: payload.url }])
      const [fromPush] = await shown()
      // The search page is still open here: a link to it that differs only in its fragment reloads nothing.
      await page.goto(`${server.url}${fromPush!.url}`)
      await page.reload()
      await page.locator('#shares img').first().waitFor({ timeout: 30_000 })
      expect(
        await page
          .locator('#shares img')
          .first()
          .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
      ).toBeGreaterThan(0)

      // The email: its link opens the same snapshot.
      const mailDir = path.join(server.dataDir, 'mail')
      let mail: string | undefined
      await expect
        .poll(
          async () => {
            for (const f of await fs.readdir(mailDir).catch(() => [])) {
              const text = unQuote(await fs.readFile(path.join(mailDir, f), 'utf8'))
              if (text.includes(email) && text.includes('shared with you')) mail = text
            }
            return mail !== undefined
          },
          { timeout: 30_000 },
        )
        .toBe(true)
      const link = /Open it: (\S+)/.exec(mail!)![1]!
      expect(link).toBe(`${server.url}/lost/${search.id}#shares-heading`)
      await page.goto('about:blank')
      await page.goto(link)
      await page.locator('#shares img').first().waitFor({ timeout: 30_000 })
      await checkPage(page, 'owner-notice-opened')

      // And the in-app list has it, linking to the same page.
      await page.goto(`${server.url}/notifications`)
      await expect
        .poll(() => page.locator('#inbox a').first().getAttribute('href'))
        .toBe(`/lost/${search.id}#shares-heading`)
      await phoneScreenshot(page, 'notification-settings-with-notice')
      await context.close()
    },
  )
})
