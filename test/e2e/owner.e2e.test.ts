import fs from 'node:fs'
import path from 'node:path'
import jsQRModule from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealToShareKey } from '../../src/agent/share/seal.ts'
import { shareImage } from '../../src/agent/share/share-image.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { catPhoto, makeJpeg } from '../support/images.ts'
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'

const CAMERA_POINT = { lat: 51.4613, lng: -0.1156 }
const OWNER = { name: 'Petra', email: 'petra@example.com' }
const PASSWORD = 'correct horse battery'
const PERSON_PHOTO = path.resolve('../shared/data/people/astronaut.jpg')
// jsqr is CommonJS whose types declare an ES default export: take the function either way.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default

describe.skipIf(chromiumMissing)('the pet owner’s journey in the browser', () => {
  let server: E2eServer
  let browser: Browser
  let pipeline: VisionPipeline
  let owner: BrowserContext
  let page: Page
  let searchId: string
  let camera: { cookie: string; email: string; token: string }

  const api = (p: string, init: RequestInit = {}) => fetch(`${server.url}${p}`, init)
  const asOwner = async (p: string) => (await page.request.get(`${server.url}${p}`)).json()

  beforeAll(async () => {
    ;[server, browser, pipeline] = await Promise.all([startE2eServer(), launchBrowser(), createVisionPipeline()])
    // A time zone west of UTC, so a last-seen time sent without its offset would land five hours off.
    owner = await browser.newContext({ timezoneId: 'America/New_York', acceptDownloads: true })
    page = await owner.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('sends a signed-out visitor to sign in first', async () => {
    const visitor = await browser.newPage()
    await visitor.goto(`${server.url}/lost/new`)
    expect(new URL(visitor.url()).pathname).toBe('/sign-in')
    expect(new URL(visitor.url()).searchParams.get('next')).toBe('/lost/new')
    await visitor.close()
  })

  it('signs up, reports a lost cat with a photo, a pin and a local last-seen time, and finds it on /me and /lost/:id', async () => {
    await signUpInBrowser(page, server.url, OWNER, PASSWORD)
    await checkPage(page, 'owner-me-empty')
    await page.goto(`${server.url}/lost/new`)
    await checkPage(page, 'owner-lost-new')
    await fillReport(page, { name: 'Chelsea', photo: await catPhoto() })
    // An hour ago in New York's wall-clock time, as the owner would type it.
    const lastSeen = await page.evaluate(() => {
      const d = new Date(Date.now() - 3_600_000)
      d.setSeconds(0, 0)
      const pad = (n: number) => String(n).padStart(2, '0')
      return {
        value: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`,
        epoch: d.getTime(),
      }
    })
    await page.getByLabel('Last seen (your local time)').fill(lastSeen.value)
    await page.getByRole('button', { name: 'Start the search' }).click()
    await page.waitForURL(/\/lost\/[0-9a-f-]{36}$/, { timeout: 60_000 })
    searchId = page.url().split('/').pop()!

    const search = await asOwner(`/api/searches/${searchId}`)
    expect(search).toMatchObject({
      name: 'Chelsea',
      species: 'cat',
      status: 'active',
      radiusM: 500,
      lastSeen: CAMERA_POINT,
    })
    expect(Date.parse(search.lastSeenAt)).toBe(lastSeen.epoch)
    expect(search.sharePublicKey).toMatch(/^[A-Za-z0-9_-]{43}$/) // registered by the browser; the private half stayed there

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Chelsea')
    expect(await page.locator('#status-heading').textContent()).toContain('Searching')
    await page.locator('#shares-empty').waitFor()
    await checkPage(page, 'owner-lost-search')

    await page.goto(`${server.url}/me`)
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Chelsea' }) })
    expect(await card.textContent()).toContain('Searching')
    expect(
      await card.getByRole('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).toBeGreaterThan(0)
    await checkPage(page, 'owner-me')
  })

  it('asks about a photo with no pet in it next to the photos, keeps the form filled, and creates nothing until answered', async () => {
    await page.goto(`${server.url}/lost/new`)
    await fillReport(page, { name: 'Biscuit', photo: await makeJpeg({ width: 480, height: 360 }) })
    await page.getByRole('button', { name: 'Start the search' }).click()
    const error = page.locator('#photos-error')
    await expect
      .poll(() => page.locator('#photo-check').textContent(), { timeout: 60_000 })
      .toMatch(/^A question about your photos.*Photo 1: no dog or cat was found in it\./)
    expect(await page.getByLabel('Your pet’s name').inputValue()).toBe('Biscuit')
    expect(await page.getByLabel('Latitude').inputValue()).toBe(String(CAMERA_POINT.lat))
    expect(new URL(page.url()).pathname).toBe('/lost/new')
    await checkPage(page, 'owner-lost-new-refused')

    if (fs.existsSync(PERSON_PHOTO)) {
      await page
        .locator('#photos')
        .setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(PERSON_PHOTO) })
      await page.getByRole('button', { name: 'Start the search' }).click()
      await expect
        .poll(() => error.textContent(), { timeout: 60_000 })
        .toMatch(/^Photo 1: A person is the main subject/)
    } else console.info(`${PERSON_PHOTO} is missing: the person-photo refusal is not checked`)

    expect((await asOwner('/api/searches')).searches.map((s: { name: string }) => s.name)).toEqual(['Chelsea'])
  })

  it('decrypts in the browser a snapshot a camera owner sealed to the key the browser registered', async () => {
    camera = await pairCamera()
    const analysis = await pipeline.analyze(await catPhoto())
    const sent = await api('/api/sightings/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${camera.token}` },
      body: JSON.stringify({
        sightings: [
          {
            clientId: 'e2e-1',
            capturedAt: new Date().toISOString(),
            species: 'cat',
            score: 0.9,
            modelId: pipeline.modelId,
            embedding: Array.from(analysis.pets[0]!.embedding),
            snapshotRef: 'snap-e2e-1',
          },
        ],
      }),
    })
    expect(sent.status).toBe(200)
    const alert = await waitFor(async () => {
      const { alerts } = await (
        await api('/api/devices/alerts', { headers: { authorization: `Bearer ${camera.token}` } })
      ).json()
      return alerts[0] as { id: string; shareKey: { publicKey: string } | null } | undefined
    })
    const { sharePublicKey } = await asOwner(`/api/searches/${searchId}`)
    expect(alert.shareKey?.publicKey).toBe(sharePublicKey)

    const picture = await shareImage(pipeline, await catPhoto(), 'cat')
    if (picture.kind !== 'image') throw new Error('the cat photo should give a share image')
    const sealed = await sealToShareKey(alert.shareKey!.publicKey, picture.jpeg)
    const shared = await api(`/api/devices/alerts/${alert.id}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${camera.token}` },
      body: JSON.stringify({ snapshotRef: 'snap-e2e-1', ...sealed }),
    })
    expect(shared.status).toBe(201)

    await page.goto(`${server.url}/lost/${searchId}`)
    expect(await decodedShareWidth(page)).toBeGreaterThan(0)
    expect(await page.locator('#trail-steps li').count()).toBe(1)
    expect(await page.locator('#trail-steps').textContent()).toMatch(
      /In the area where it was last seen|of where it was last seen/,
    )
    // One camera alone in its coarse cell: the trail counts its sighting but does not show where.
    expect(await page.locator('#trail-withheld').textContent()).toMatch(
      /^1 more likely sighting fell where too few cameras/,
    )
    await checkPage(page, 'owner-lost-search-shared')
  })

  it('shows a found-pet report that looks like the lost cat', async () => {
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(CAMERA_POINT.lat + 0.002),
      lng: String(CAMERA_POINT.lng),
      description: 'Friendly tabby in our shed',
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
    const reported = await api('/api/found-pets', {
      method: 'POST',
      body: form,
      headers: { cookie: camera.cookie, origin: server.url },
    })
    expect(reported.status).toBe(201)
    await waitFor(
      async () => ((await asOwner(`/api/searches/${searchId}/found-matches`)).matches[0] as unknown) ?? undefined,
    )

    await page.goto(`${server.url}/lost/${searchId}`)
    const match = page
      .locator('section', { has: page.getByRole('heading', { name: 'Found pets that look like Chelsea' }) })
      .getByRole('listitem')
    expect(await match.textContent()).toMatch(/\d+% alike.*Friendly tabby in our shed/s)
    expect(
      await match.getByRole('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).toBeGreaterThan(0)

    await match.getByLabel('Message the finder').fill('That looks like Chelsea! Is she wearing a green collar?')
    await Promise.all([
      page.waitForURL(/\/threads\/[0-9a-f-]{36}$/),
      match.getByRole('button', { name: 'Send through Homeward' }).click(),
    ])
    const finderThreads = (await (await api('/api/threads', { headers: { cookie: camera.cookie } })).json()).threads
    expect(finderThreads).toHaveLength(1)
    const finderThread = await (
      await api(`/api/threads/${finderThreads[0].id}`, { headers: { cookie: camera.cookie } })
    ).text()
    expect(finderThread).toContain('green collar')
    expect(finderThread).not.toContain(OWNER.email)
  })

  it('exports the key, and a second device can open the snapshot only after importing it', async () => {
    await page.goto(`${server.url}/key`)
    await page.locator('#key-list li').first().waitFor()
    await checkPage(page, 'owner-key')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my key file' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^homeward-key-\d{4}-\d{2}-\d{2}\.json$/)
    const keyFile = await download.path()
    const exported = JSON.parse(fs.readFileSync(keyFile, 'utf8'))
    expect(exported.format).toBe('homeward-share-keys')
    expect(exported.keys.map((k: { publicKey: string }) => k.publicKey)).toContain(
      (await asOwner(`/api/searches/${searchId}`)).sharePublicKey,
    )

    const laptop = await browser.newContext()
    const second = await laptop.newPage()
    await second.goto(`${server.url}/sign-in?next=/lost/${searchId}`)
    await second.getByLabel('Email').fill(OWNER.email)
    await second.getByLabel('Password').fill(PASSWORD)
    await second.getByRole('button', { name: 'Sign in' }).click()
    await second.waitForURL(`${server.url}/lost/${searchId}`)
    await second.locator('.share-locked').waitFor()
    expect(await second.locator('#key-status').textContent()).toContain('does not hold the key')
    await checkPage(second, 'owner-lost-search-no-key')
    // Without the first device, new snapshots can go to this one; the old one stays sealed to the old key.
    const firstKey = (await asOwner(`/api/searches/${searchId}`)).sharePublicKey
    await Promise.all([
      second.waitForEvent('load'),
      second.getByRole('button', { name: 'Use this device’s key for new snapshots' }).click(),
    ])
    const secondKey = (await (await second.request.get(`${server.url}/api/searches/${searchId}`)).json()).sharePublicKey
    expect(secondKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(secondKey).not.toBe(firstKey)
    await second.locator('.share-locked').waitFor()
    expect(await second.locator('#key-status').isHidden()).toBe(true)

    await second.goto(`${server.url}/key`)
    await second
      .locator('#key-file')
      .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
    await second.getByRole('button', { name: 'Import key' }).click()
    await expect.poll(() => second.locator('.form-error').textContent()).toBe('This file is not a Homeward key file.')
    await second.locator('#key-file').setInputFiles(keyFile)
    await second.getByRole('button', { name: 'Import key' }).click()
    await expect.poll(() => second.locator('#import-status').textContent()).toContain('Imported your key')
    await checkPage(second, 'owner-key-imported')

    await second.goto(`${server.url}/lost/${searchId}`)
    expect(await decodedShareWidth(second)).toBeGreaterThan(0)
    await laptop.close()

    // The first device holds only the old key now: it says so, and still opens the snapshot sealed to it.
    await page.goto(`${server.url}/lost/${searchId}`)
    expect(await decodedShareWidth(page)).toBeGreaterThan(0)
    expect(await page.locator('#key-status').textContent()).toContain('does not hold the key')
  })

  it('reads a camera owner’s message and replies through the relay, with no email shown to either side', async () => {
    const wrote = await api(`/api/lost-pets/${searchId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: camera.cookie },
      body: JSON.stringify({ body: 'I think your cat was in my garden this morning.' }),
    })
    expect(wrote.status).toBe(201)
    const threadId = ((await wrote.json()) as { id: string }).id

    await page.goto(`${server.url}/threads`)
    await checkPage(page, 'owner-threads')
    await page.getByRole('link', { name: /Chelsea/ }).click()
    await page.waitForURL(`${server.url}/threads/${threadId}`)
    expect(await page.locator('#messages').textContent()).toContain('I think your cat was in my garden')
    await page.getByLabel('Your reply').fill('Thank you! Was she wearing a red collar?')
    await page.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => page.locator('#messages .from-you').last().textContent()).toContain('red collar')
    await checkPage(page, 'owner-thread')
    expect(await page.content()).not.toContain(camera.email)

    const seenByCamera = await (await api(`/api/threads/${threadId}`, { headers: { cookie: camera.cookie } })).text()
    expect(seenByCamera).toContain('red collar')
    expect(seenByCamera).not.toContain(OWNER.email)
    await page.goto(`${server.url}/lost/${searchId}`)
    expect(await page.getByRole('link', { name: 'Conversation 1' }).getAttribute('href')).toBe(`/threads/${threadId}`)

    // The owner's pages are the owner's alone: to anyone else the search and its flyer are not there.
    for (const p of [`/lost/${searchId}`, `/lost/${searchId}/flyer`]) {
      const other = await api(p, { headers: { cookie: camera.cookie } })
      expect(other.status).toBe(404)
      expect(await other.text()).not.toContain('Chelsea')
    }
  })

  it('prints a flyer whose QR code opens the public pet page, with no phone or email on it', async () => {
    await page.goto(`${server.url}/lost/${searchId}/flyer`)
    await checkPage(page, 'owner-flyer')
    const petUrl = `${server.url}/pets/${searchId}`
    expect(await page.locator('.flyer-url').textContent()).toBe(petUrl)
    const svg = await page.locator('.flyer-qr svg').evaluate((el) => el.outerHTML)
    const { data, info } = await sharp(Buffer.from(svg), { density: 300 })
      .resize(400)
      .flatten({ background: '#fff' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    expect(
      jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data,
    ).toBe(petUrl)
    const text = await page.locator('main').textContent()
    expect(text).not.toContain(OWNER.email)
    // The link's id is the one run of digits a flyer may carry (a UUID can hold ten in a row): a phone number may not.
    expect(text?.replaceAll(petUrl, '')).not.toMatch(/\+?\d[\d ]{8,}\d/)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    await checkPage(page, 'owner-flyer-print')
    await page.emulateMedia({ media: 'screen' })
  })

  it('renews the search, then marks the cat as home', async () => {
    await page.goto(`${server.url}/lost/${searchId}`)
    const before = (await asOwner(`/api/searches/${searchId}`)).expiresAt
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Renew for 30 days' }).click()])
    expect(Date.parse((await asOwner(`/api/searches/${searchId}`)).expiresAt)).toBeGreaterThan(Date.parse(before))
    await page.getByRole('button', { name: 'Chelsea is home' }).click()
    await page.getByRole('button', { name: 'Yes, Chelsea is home' }).click()
    await expect.poll(() => page.locator('#status-heading').textContent()).toContain('Found')
    expect(await page.getByRole('button', { name: 'Renew for 30 days' }).count()).toBe(0)
    await checkPage(page, 'owner-lost-search-found')
    await page.goto(`${server.url}/me`)
    expect(await page.getByRole('listitem').filter({ hasText: 'Chelsea' }).textContent()).toContain('Found')

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await owner.storageState(),
    })
    const small = await phone.newPage()
    for (const [p, name] of [
      ['/lost/new', 'owner-lost-new-phone'],
      [`/lost/${searchId}`, 'owner-lost-search-phone'],
    ] as const) {
      await small.goto(`${server.url}${p}`)
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await checkPage(small, name)
    }
    await phone.close()
  })

  /** Signs a camera owner up through the API, registers a camera at the lost cat's doorstep and pairs the agent. */
  async function pairCamera() {
    const email = 'cam@example.com'
    const signedUp = await api('/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email, password: PASSWORD, name: 'Cam' }),
    })
    expect(signedUp.status).toBe(200)
    const signedIn = await api('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    expect(signedIn.status).toBe(200) // sign-up gives no session
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const json = { 'content-type': 'application/json', cookie, origin: server.url }
    const registered = await api('/api/cameras', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        name: 'Front door',
        location: CAMERA_POINT,
        consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
      }),
    })
    expect(registered.status).toBe(201)
    const { id } = (await registered.json()) as { id: string }
    const { code } = (await (
      await api(`/api/cameras/${id}/pairing-code`, { method: 'POST', headers: json })
    ).json()) as { code: string }
    const paired = await api('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    expect(paired.status).toBe(201)
    return { cookie, email, token: ((await paired.json()) as { token: string }).token }
  }
})

async function fillReport(page: Page, { name, photo }: { name: string; photo: Buffer }) {
  await page
    .locator('#photos')
    .setInputFiles({ name: `${name.toLowerCase()}.jpg`, mimeType: 'image/jpeg', buffer: photo })
  await page.locator('#photo-previews img').first().waitFor()
  await page.getByLabel('Cat', { exact: true }).check()
  await page.getByLabel('Your pet’s name').fill(name)
  await page.getByLabel('Description (optional)').fill('Tabby with a white chest; shy with strangers.')
  await page.getByLabel('Latitude').fill(String(CAMERA_POINT.lat))
  await page.getByLabel('Longitude').fill(String(CAMERA_POINT.lng))
}

/** Waits for the first shared snapshot to be decrypted into an <img>, and returns its decoded width. */
async function decodedShareWidth(page: Page): Promise<number> {
  const img = page.locator('#shares img').first()
  await img.waitFor({ timeout: 30_000 })
  expect(await img.getAttribute('src')).toMatch(/^blob:/)
  return img.evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth))
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting for the match worker')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
