import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { pairedAgentDir, quietLogger, removeDir } from '../agent/support/agent.ts'
import { tempDir } from '../agent/support/server.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { catPhoto } from '../support/images.ts'
import { checkPage, chromiumMissing, launchBrowser, signUpInBrowser } from './support/browser.ts'
import { startE2eServer, type E2eServer } from './support/server.ts'

/**
 * The whole promise, end to end: a pet owner reports in one browser, a camera owner opts a camera in from
 * another, the real camera agent sees the cat in a snapshot folder and sends only an embedding, the camera
 * owner chooses to share, the agent seals the snapshot, and the pet owner's browser opens it.
 */
describe.skipIf(chromiumMissing)(
  'a lost cat, a neighbour’s camera and an encrypted share, across two browsers and the real agent',
  () => {
    let server: E2eServer
    let browser: Browser
    let pipeline: VisionPipeline
    let petOwner: BrowserContext
    let cameraOwner: BrowserContext
    let ownerPage: Page
    let cameraPage: Page
    let searchId: string
    let agentDir: string | undefined
    let snapshots: string
    const stopAgent = new AbortController()
    let agentRun: Promise<number> | undefined

    beforeAll(async () => {
      ;[server, browser, pipeline] = await Promise.all([startE2eServer(), launchBrowser(), createVisionPipeline()])
      petOwner = await browser.newContext()
      cameraOwner = await browser.newContext({
        geolocation: { latitude: CAMERA_POINT.lat, longitude: CAMERA_POINT.lng },
        permissions: ['geolocation'],
      })
      ownerPage = await petOwner.newPage()
      cameraPage = await cameraOwner.newPage()
      snapshots = await tempDir('homeward-snapshots-')
    })
    afterAll(async () => {
      stopAgent.abort()
      await agentRun
      await browser?.close()
      await server?.stop()
      for (const dir of [agentDir, snapshots]) if (dir) await removeDir(dir)
    })

    it('the pet owner reports a lost cat, and their browser makes the key snapshots will be sealed to', async () => {
      await signUpInBrowser(ownerPage, server.url, { name: 'Petra', email: 'petra@example.com' })
      await ownerPage.goto(`${server.url}/lost/new`)
      await ownerPage
        .locator('#photos')
        .setInputFiles({ name: 'chelsea.jpg', mimeType: 'image/jpeg', buffer: await catPhoto() })
      await ownerPage.locator('#photo-previews img').first().waitFor()
      await ownerPage.getByLabel('Cat', { exact: true }).check()
      await ownerPage.getByLabel('Your pet’s name').fill('Chelsea')
      await ownerPage.getByLabel('Latitude').fill(String(CAMERA_POINT.lat))
      await ownerPage.getByLabel('Longitude').fill(String(CAMERA_POINT.lng))
      await ownerPage.getByRole('button', { name: 'Start the search' }).click()
      await ownerPage.waitForURL(/\/lost\/[0-9a-f-]{36}$/, { timeout: 60_000 })
      searchId = ownerPage.url().split('/').pop()!
      const search = await (await ownerPage.request.get(`${server.url}/api/searches/${searchId}`)).json()
      expect(search.sharePublicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    })

    it(
      'a neighbour opts a camera in, pairs the real agent with the code from the page, and the agent sends only an embedding',
      { timeout: 120_000 },
      async () => {
        await signUpInBrowser(cameraPage, server.url, { name: 'Cam', email: 'cam@example.com' })
        await cameraPage.goto(`${server.url}/cameras/new`)
        await cameraPage.getByLabel('Camera name').fill('Front door')
        await cameraPage.getByRole('button', { name: 'Use my location' }).click()
        await expect.poll(() => cameraPage.locator('#area-status').textContent()).toMatch(/[0-9a-f]{15}/)
        await cameraPage.getByLabel(/I have read the camera opt-in/).check()
        await cameraPage.getByRole('button', { name: 'Register camera' }).click()
        await cameraPage.waitForURL(/\/cameras\/[0-9a-f-]{36}\?registered/)
        await cameraPage.getByRole('button', { name: 'Get a pairing code' }).click()
        await expect.poll(() => cameraPage.locator('#code').textContent()).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
        const code = (await cameraPage.locator('#code').textContent())!

        const paths = await pairedAgentDir(server.url, code)
        agentDir = paths.dir
        agentRun = runCommand(paths, { folder: snapshots, 'share-poll': '0.3' }, quietLogger(), {
          analyzer: pipeline,
          signal: stopAgent.signal,
        })
        await cameraPage.goto(`${server.url}/cameras/alerts`)
        await expect.poll(() => cameraPage.locator('#alerts-live').textContent()).toMatch(/Live/)

        // The cat walks past the door: a wide frame with the cat on one side, as a doorbell would save it.
        const cat = await sharp(await catPhoto())
          .flop()
          .toBuffer()
        const { width = 0 } = await sharp(cat).metadata()
        await fs.writeFile(
          path.join(snapshots, 'door-0001.jpg'),
          await sharp(cat)
            .extend({ right: width, background: { r: 70, g: 110, b: 50 } })
            .jpeg({ quality: 90 })
            .toBuffer(),
        )

        const card = cameraPage
          .locator('li.alert-card')
          .filter({ has: cameraPage.getByRole('heading', { name: /^Chelsea/ }) })
        await card.waitFor({ timeout: 90_000 })
        expect(
          await card.getByRole('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
        ).toBeGreaterThan(0)
        await checkPage(cameraPage, 'journey-camera-alert')
      },
    )

    it(
      'the camera owner shares; the agent seals the snapshot, and only the pet owner’s browser opens it',
      { timeout: 90_000 },
      async () => {
        const card = cameraPage
          .locator('li.alert-card')
          .filter({ has: cameraPage.getByRole('heading', { name: /^Chelsea/ }) })
        await card.getByRole('button', { name: 'Share a snapshot' }).click()
        await expect.poll(() => card.textContent()).toMatch(/Share requested/)

        const shares = async () =>
          (await (await ownerPage.request.get(`${server.url}/api/searches/${searchId}/shares`)).json())
            .shares as unknown[]
        await expect.poll(shares, { timeout: 60_000 }).toHaveLength(1)
        await ownerPage.goto(`${server.url}/lost/${searchId}`)
        const img = ownerPage.locator('#shares img').first()
        await img.waitFor({ timeout: 30_000 })
        expect(await img.getAttribute('src')).toMatch(/^blob:/)
        expect(await img.evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth))).toBeGreaterThan(0)
        await checkPage(ownerPage, 'journey-owner-share')

        // The camera owner's browser cannot open it: the search, and so its shares, are not theirs.
        expect((await cameraPage.request.get(`${server.url}/api/searches/${searchId}/shares`)).status()).toBe(404)
      },
    )
  },
)
