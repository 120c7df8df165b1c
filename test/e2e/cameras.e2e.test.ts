import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { latLngToCell } from 'h3-js'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { previewImage } from '../../src/agent/preview/preview-image.ts'
import { sealToShareKey } from '../../src/agent/share/seal.ts'
import { shareImage } from '../../src/agent/share/share-image.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { catPhoto } from '../support/images.ts'
import { openLostCat, signUpByApi, type ApiUser } from './support/api-user.ts'
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { phoneScreenshot } from './support/screens.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

/** The camera's exact spot, known only to the camera owner's browser (it reports it as its geolocation). */
const HOME = { lat: CAMERA_POINT.lat, lng: CAMERA_POINT.lng }

describe.skipIf(chromiumMissing)('a camera owner in the browser, with the test playing the camera agent', () => {
  let server: E2eServer
  let browser: Browser
  let pipeline: VisionPipeline
  let context: BrowserContext
  let page: Page
  let petOwner: ApiUser
  let chelsea: { id: string }
  let tom: { id: string }
  let cameraId: string
  let deviceToken: string
  const requests: { method: string; path: string; body: string }[] = []

  const asAgent = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${deviceToken}`,
        ...(init.json !== undefined && { 'content-type': 'application/json' }),
      },
      ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
    })
  const alertCard = (pet: string) =>
    page.locator('li.alert-card').filter({ has: page.getByRole('heading', { name: new RegExp(`^${pet}`) }) })

  beforeAll(async () => {
    ;[server, browser, pipeline] = await Promise.all([startE2eServer(), launchBrowser(), createVisionPipeline()])
    context = await browser.newContext({
      geolocation: { latitude: HOME.lat, longitude: HOME.lng },
      permissions: ['geolocation'],
    })
    page = await context.newPage()
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.origin === server.url)
        requests.push({ method: request.method(), path: url.pathname + url.search, body: request.postData() ?? '' })
    })
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  it('registers a camera: full consent text, explicit tick, and only a coarse cell leaves the browser', async () => {
    await signUpInBrowser(page, server.url, { name: 'Cam Owner', email: 'cam@example.com' })
    await page.goto(`${server.url}/cameras`)
    await checkPage(page, 'cameras-empty')
    await page.getByRole('link', { name: 'Register a camera' }).click()
    await page.waitForURL(`${server.url}/cameras/new`)

    const consent = (await (await fetch(`${server.url}/api/consent/camera`)).json()) as {
      version: string
      text: string
    }
    const words = (text: string | null) => text?.split(/\s+/).join(' ')
    expect(words(await page.locator('.consent-text').textContent())).toBe(words(consent.text))
    expect(await page.locator('#consent-heading + p').textContent()).toContain(`Version ${consent.version}.`)
    const tick = page.getByLabel(/I have read the camera opt-in/)
    expect(await tick.isChecked()).toBe(false)

    await page.getByLabel('Camera name').fill('Front door')
    await page.getByLabel('Keep sightings for').selectOption('48')
    await page.getByRole('button', { name: 'Use my location' }).click()
    const cell = latLngToCell(HOME.lat, HOME.lng, 8)
    await expect.poll(() => page.locator('#area-status').textContent()).toContain(cell)
    expect(await page.locator('.map path.area-outline').count()).toBe(1)
    await checkPage(page, 'camera-new')

    // Without the tick nothing is sent.
    const before = requests.length
    await page.getByRole('button', { name: 'Register camera' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/I have read/)
    expect(requests.slice(before).filter((r) => r.path === '/api/cameras')).toEqual([])

    await tick.check()
    await page.getByRole('button', { name: 'Register camera' }).click()
    await page.waitForURL(/\/cameras\/[0-9a-f-]{36}\?registered/)
    cameraId = new URL(page.url()).pathname.split('/')[2]!

    const sent = requests.filter((r) => r.method === 'POST' && r.path === '/api/cameras')
    expect(sent).toHaveLength(1)
    const body = JSON.parse(sent[0]!.body) as Record<string, unknown>
    expect(body).toEqual({
      name: 'Front door',
      cell,
      retentionHours: 48,
      consent: { version: consent.version, accepted: true },
    })
    // The exact spot is in no request at all: not in a body, not in a query string.
    const exact = [HOME.lat.toFixed(4), HOME.lng.toFixed(4)]
    for (const r of requests) for (const digits of exact) expect(`${r.path} ${r.body}`).not.toContain(digits)
    expect(await page.getByRole('status').first().textContent()).toMatch(/Camera registered/)
    await checkPage(page, 'camera-registered')
  })

  it('gives a pairing code with the exact agent command, and the agent pairs with it', async () => {
    await page.getByRole('button', { name: 'Get a pairing code' }).click()
    await expect.poll(() => page.locator('#code').textContent()).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    const code = (await page.locator('#code').textContent())!
    expect(await page.locator('#pair-command').textContent()).toBe(`npx homeward-agent pair ${server.url} ${code}`)
    await checkPage(page, 'camera-pairing')

    const paired = await fetch(`${server.url}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    expect(paired.status).toBe(201)
    deviceToken = ((await paired.json()) as { token: string }).token
    const me = (await (await asAgent('/api/devices/me')).json()) as { cameraId: string; retentionHours: number }
    expect(me).toMatchObject({ cameraId, retentionHours: 48 })
  })

  it('shows the agent online once it checked in, and folds pairing away (#19)', async () => {
    // The agent's request above was its check-in; the page says so in plain words, to the owner only.
    await page.goto(`${server.url}/cameras/${cameraId}`)
    expect(await page.locator('#agent-status [data-agent-state]').getAttribute('data-agent-state')).toBe('online')
    expect(await page.locator('#agent-status .badge').textContent()).toBe('Online')
    expect(await page.locator('#agent-last-seen').textContent()).toMatch(
      /^Last check-in (in the last 5 minutes|\d+ minutes ago) \(/,
    )
    expect(await page.locator('#agent-sightings-today').textContent()).toBe('Sightings sent today: 0')
    expect(await page.getByRole('heading', { name: 'Pair the agent' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Get a pairing code' }).isVisible()).toBe(false)
    await checkPage(page, 'camera-agent-online')
    await phoneScreenshot(page, 'camera-agent-online-390')
    await page.goto(`${server.url}/cameras`)
    expect(await page.locator('.camera-card [data-agent-state]').getAttribute('data-agent-state')).toBe('online')
  })

  it(
    'shows a live alert, with the lost pet’s photo and sighting time, when the camera sees a searched-for cat',
    { timeout: 90_000 },
    async () => {
      // Two neighbours lost cats that look like the fixture; each lost pet gets its own alert.
      petOwner = await signUpByApi(server.url, 'Pet owner')
      chelsea = await openLostCat(petOwner, CAMERA_POINT)
      tom = await openLostCat(petOwner, CAMERA_POINT, { name: 'Tom', distinctPet: 'true' }) // a look-alike of Chelsea (same photo): #13 refuses it unless confirmed

      await page.goto(`${server.url}/cameras/alerts`)
      await expect.poll(() => page.locator('#alerts-live').textContent()).toMatch(/Live/)
      await checkPage(page, 'camera-alerts-empty')

      const cat = (await pipeline.analyze(await catPhoto())).pets[0]!
      const capturedAt = new Date(Date.now() - 5 * 60_000)
      const batch = await asAgent('/api/sightings/batch', {
        method: 'POST',
        json: {
          sightings: [
            {
              clientId: 'c-1',
              capturedAt: capturedAt.toISOString(),
              species: 'cat',
              score: cat.score,
              modelId: pipeline.modelId,
              embedding: Array.from(cat.embedding),
              snapshotRef: 'snap-1',
            },
          ],
        },
      })
      expect(batch.status).toBe(200)

      // No reload: the event stream brings both alerts in.
      await expect.poll(() => page.locator('#pending-alerts li.alert-card').count(), { timeout: 60_000 }).toBe(2)
      const card = alertCard('Chelsea')
      expect(await card.getByRole('img').getAttribute('src')).toMatch(
        new RegExp(`^/api/lost-pets/${chelsea.id}/photos/`),
      )
      expect(
        await card.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true)
      const times = await card.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))
      expect(times).toContain(capturedAt.toISOString())
      expect(await card.textContent()).toContain('Front door')
      expect(await card.textContent()).toContain('has not set up encrypted sharing yet')
      await checkPage(page, 'camera-alerts')
      await page.setViewportSize({ width: 390, height: 844 })
      await checkPage(page, 'camera-alerts-phone')
      await page.setViewportSize({ width: 1280, height: 720 })
    },
  )

  it('dismisses one alert', async () => {
    await alertCard('Tom').getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => page.locator('#answered-alerts li.alert-card').count()).toBe(1)
    expect(await page.locator('#answered-alerts').textContent()).toContain('Tom')
    expect(await page.locator('#answered-alerts').textContent()).toContain('Dismissed')
    const tomAlerts = (await (await asAgent('/api/devices/alerts')).json()) as { alerts: { pet: { name: string } }[] }
    expect(tomAlerts.alerts.map((a) => a.pet.name)).toEqual(['Chelsea'])
  })

  it(
    'turns on private previews: the agent seals the frame to this browser’s key, and only the camera owner sees it before deciding',
    { timeout: 60_000 },
    async () => {
      const card = alertCard('Chelsea')
      await expect.poll(() => card.locator('figure.alert-preview').getAttribute('data-preview')).toBe('no-key')
      expect(await card.textContent()).toContain('Turn on private previews above')
      expect((await (await asAgent('/api/devices/alerts')).json()).alerts[0].previewKey).toBeNull()

      await page.getByRole('button', { name: 'Turn on private previews in this browser' }).click()
      await expect
        .poll(() => page.locator('#preview-key-status').textContent())
        .toMatch(/Key fingerprint: [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/)
      await expect.poll(() => card.locator('figure.alert-preview').getAttribute('data-preview')).toBe('none')
      expect(await card.textContent()).toContain('No preview yet')

      // The agent's next poll carries the camera owner's preview key: it seals a small copy of its own frame.
      const { alerts } = (await (await asAgent('/api/devices/alerts')).json()) as {
        alerts: { id: string; previewKey: { publicKey: string; fingerprint: string } | null }[]
      }
      const key = alerts[0]!.previewKey!
      const status = (await page.locator('#preview-key-status').textContent()) ?? ''
      expect(status.replace(/\s/g, '')).toContain(key.fingerprint)
      const jpeg = (await previewImage(await catPhoto()))!
      const upload = await asAgent(`/api/devices/alerts/${alerts[0]!.id}/preview`, {
        method: 'POST',
        json: { ...(await sealToShareKey(key.publicKey, jpeg)), keyFingerprint: key.fingerprint },
      })
      expect(upload.status).toBe(201)

      // No reload: the event stream redraws the card, and the browser opens the preview with its own key.
      const img = card.locator('figure.alert-preview img')
      await expect.poll(() => img.count(), { timeout: 20_000 }).toBe(1)
      expect(
        await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0 && el.naturalWidth <= 320),
      ).toBe(true)
      expect(await card.locator('figure.alert-preview figcaption').textContent()).toBe(
        'Your camera’s frame (only you can see this)',
      )
      expect(await card.getByRole('button', { name: 'Share a snapshot' }).isVisible()).toBe(true)

      // The private half never left the browser; the pet owner cannot read the preview.
      const privateKey = await page.evaluate(
        () =>
          new Promise<string>((resolve, reject) => {
            const open = indexedDB.open('homeward-previews', 1)
            open.onerror = () => reject(open.error)
            open.onsuccess = () => {
              const get = open.result.transaction('preview-keys').objectStore('preview-keys').getAll()
              get.onsuccess = () => resolve((get.result as { privateKey: string }[])[0]!.privateKey)
            }
          }),
      )
      expect(privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(requests.filter((r) => r.body.includes(privateKey))).toEqual([])
      expect(
        requests
          .filter((r) => r.method === 'PUT' && r.path === '/api/me/preview-key')
          .map((r) => Object.keys(JSON.parse(r.body))),
      ).toEqual([['publicKey']])
      expect((await petOwner.fetch(`/api/alerts/${alerts[0]!.id}/preview`)).status).toBe(404)

      await checkPage(page, 'camera-alerts-preview')
      await phoneScreenshot(page, 'camera-alerts-preview')
      await page.setViewportSize({ width: 390, height: 844 })
      await checkPage(page, 'camera-alerts-preview-phone')
      await page.setViewportSize({ width: 1280, height: 720 })
    },
  )

  it('asks the agent to share; the agent seals the snapshot and the pet owner receives one share', async () => {
    const keyPair = await suite.kem.generateKeyPair()
    const publicKey = Buffer.from(await suite.kem.serializePublicKey(keyPair.publicKey)).toString('base64url')
    expect(
      (await petOwner.fetch(`/api/searches/${chelsea.id}/share-key`, { method: 'PUT', json: { publicKey } })).status,
    ).toBe(200)
    await page.reload()
    await expect.poll(() => alertCard('Chelsea').count()).toBe(1)
    expect(await alertCard('Chelsea').textContent()).not.toContain('has not set up encrypted sharing yet')

    await alertCard('Chelsea').getByRole('button', { name: 'Share a snapshot' }).click()
    await expect.poll(() => alertCard('Chelsea').textContent()).toMatch(/Share requested/)

    // The agent's next poll: the alert asks for a share, so it crops, seals and uploads the snapshot.
    const { alerts } = (await (await asAgent('/api/devices/alerts')).json()) as {
      alerts: {
        id: string
        shareRequested?: boolean
        shareKey: { publicKey: string } | null
        sightings: { snapshotRef: string }[]
      }[]
    }
    expect(alerts).toHaveLength(1)
    const alert = alerts[0]!
    expect(alert.shareRequested).toBe(true)
    const image = await shareImage(pipeline, await catPhoto(), 'cat')
    if (image.kind !== 'image') throw new Error('the fixture has a cat')
    const sealed = await sealToShareKey(alert.shareKey!.publicKey, image.jpeg)
    const upload = await asAgent(`/api/devices/alerts/${alert.id}/share`, {
      method: 'POST',
      json: { snapshotRef: alert.sightings[0]!.snapshotRef, ...sealed },
    })
    expect(upload.status).toBe(201)

    const shares = (await (await petOwner.fetch(`/api/searches/${chelsea.id}/shares`)).json()) as {
      shares: { id: string }[]
    }
    expect(shares.shares).toHaveLength(1)
    const got = (await (await petOwner.fetch(`/api/searches/${chelsea.id}/shares/${shares.shares[0]!.id}`)).json()) as {
      enc: string
      ciphertext: string
    }
    const plain = await suite.open(
      { recipientKey: keyPair, enc: Buffer.from(got.enc, 'base64url') },
      Buffer.from(got.ciphertext, 'base64url'),
    )
    expect(Buffer.from(plain).equals(image.jpeg)).toBe(true)
    expect((await (await petOwner.fetch(`/api/searches/${tom.id}/shares`)).json()).shares).toEqual([])

    await page.reload()
    await expect
      .poll(() => alertCard('Chelsea').textContent())
      .toMatch(/Snapshot shared.*only the pet’s owner can open it/)
    await checkPage(page, 'camera-alerts-answered')
  })

  it('lists the searches that touched the camera, without saying who made them', async () => {
    await page.goto(`${server.url}/cameras/${cameraId}`)
    const rows = page.locator('#touching-searches tbody tr')
    expect(await rows.count()).toBe(2)
    expect(await rows.first().textContent()).toMatch(/cat/)
    expect(await page.locator('#touching-searches').textContent()).toContain('in this camera’s area')
    expect(await page.content()).not.toContain('Pet owner')
    await checkPage(page, 'camera-detail')
  })

  it('shortens retention', async () => {
    await page.getByLabel('Keep sightings for').selectOption('24')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('#retention-form .saved').textContent()).toMatch(/24 hours/)
    expect(((await (await asAgent('/api/devices/me')).json()) as { retentionHours: number }).retentionHours).toBe(24)
  })

  it('revokes consent after a confirmation, says how many sightings were deleted, and shows the camera revoked', async () => {
    await page.getByRole('button', { name: 'Revoke consent…' }).click()
    expect(await page.locator('#revoke-confirm').isVisible()).toBe(true)
    await checkPage(page, 'camera-revoke-confirm')
    await page.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.locator('#revoke-confirm').isVisible()).toBe(false)
    expect((await asAgent('/api/devices/me')).status).toBe(200)

    await page.getByRole('button', { name: 'Revoke consent…' }).click()
    await page.getByRole('button', { name: 'Yes, revoke and delete sightings' }).click()
    await expect
      .poll(() => page.locator('#revoke-result').textContent())
      .toMatch(/1 sighting was deleted, 1 agent token stopped/)
    expect(await page.locator('#consent-section .badge').textContent()).toBe('Revoked')
    expect((await asAgent('/api/devices/me')).status).toBe(401)
    await checkPage(page, 'camera-revoked')

    await page.goto(`${server.url}/cameras`)
    expect(await page.locator('.camera-card').textContent()).toMatch(/Revoked/)
    await checkPage(page, 'cameras')
  })

  it('opts the camera in again only with the box ticked', async () => {
    await page.goto(`${server.url}/cameras/${cameraId}`)
    // A revoked camera's page opens the opt-in text at once.
    expect(await page.locator('#renew details').getAttribute('open')).not.toBeNull()
    await page.getByRole('button', { name: 'Opt in again' }).click()
    await expect.poll(() => page.locator('#renew .form-error').textContent()).toMatch(/I have read/)
    expect(await page.locator('#consent-section .badge').textContent()).toBe('Revoked')
    await page.getByLabel(/I have read the camera opt-in/).check()
    await page.getByRole('button', { name: 'Opt in again' }).click()
    await expect.poll(() => page.locator('#consent-section .badge').textContent()).toBe('Opted in')
    expect(await page.getByRole('button', { name: 'Get a pairing code' }).isVisible()).toBe(true)
    // The old agent token stays revoked: the agent must be paired again.
    expect((await asAgent('/api/devices/me')).status).toBe(401)
  })
})
