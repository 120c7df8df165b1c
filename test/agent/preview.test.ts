import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import fs from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import type { AgentPaths } from '../../src/agent/device.ts'
import { previewImage } from '../../src/agent/preview/preview-image.ts'
import { createServerClient, type ServerClient } from '../../src/agent/server-client.ts'
import type { RunningServer } from '../../src/server.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { catPhoto } from '../support/images.ts'
import { pairedAgentDir, quietLogger, removeDir, sightCat, waitFor } from './support/agent.ts'
import { CAMERA_LOCATION, cameraOwner, type CameraOwner, signUp, startHomeward, tempDir } from './support/server.ts'

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })

let server: RunningServer
let base: string
let serverDir: string
let sourceDir: string
let paths: AgentPaths
let pipeline: VisionPipeline
let owner: CameraOwner
let client: ServerClient
let petOwner: string
let alertId: string
let keyPair: CryptoKeyPair

const as = (cookie: string | undefined, p: string, init: RequestInit = {}) =>
  fetch(`${base}${p}`, { ...init, headers: { ...(cookie && { cookie }), ...(init.headers as Record<string, string>) } })

beforeAll(async () => {
  serverDir = await tempDir('homeward-server-')
  sourceDir = await tempDir('homeward-source-')
  server = await startHomeward(serverDir)
  base = `http://127.0.0.1:${server.port}`
  owner = await cameraOwner(base)
  ;[paths, pipeline] = await Promise.all([
    (async () => pairedAgentDir(base, await owner.pairingCode()))(),
    createVisionPipeline(),
  ])
  petOwner = await signUp(base, 'Pet owner')
  const form = new FormData()
  const fields = {
    species: 'cat',
    name: 'Chelsea',
    lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
    lastSeenLat: String(CAMERA_LOCATION.lat),
    lastSeenLng: String(CAMERA_LOCATION.lng),
  }
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('photos', new File([new Uint8Array(await catPhoto())], 'chelsea.jpg', { type: 'image/jpeg' }))
  expect((await as(petOwner, '/api/searches', { method: 'POST', body: form })).status).toBe(201)

  // The camera owner's browser makes its preview key; only the public half reaches the server.
  keyPair = await suite.kem.generateKeyPair()
  const publicKey = Buffer.from(await suite.kem.serializePublicKey(keyPair.publicKey)).toString('base64url')
  expect(
    (
      await as(owner.cookie, '/api/me/preview-key', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey }),
      })
    ).status,
  ).toBe(200)

  await sightCat(paths, pipeline, 'yard')
  client = createServerClient(base, (await fs.readFile(paths.token, 'utf8')).trim())
  alertId = await waitFor(async () => (await client.listAlerts()).alerts[0]?.id, {
    timeoutMs: 15_000,
    what: 'an alert from the real match worker',
  })
}, 90_000)

afterAll(async () => {
  await server?.stop()
  for (const dir of [paths?.dir, serverDir, sourceDir]) if (dir) await removeDir(dir)
})

describe('the camera owner’s private preview', () => {
  it('is small, upright and has no metadata, however large the snapshot', async () => {
    const big = await sharp(await catPhoto({ gps: true }))
      .resize({ width: 2400 })
      .jpeg({ quality: 98 })
      .withMetadata()
      .toBuffer()
    const jpeg = (await previewImage(big))!
    const meta = await sharp(jpeg).metadata()
    expect(meta.format).toBe('jpeg')
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320)
    expect(jpeg.byteLength).toBeLessThanOrEqual(48 * 1024)
    expect(meta.exif).toBeUndefined()
  })

  it(
    'the running agent seals it to the camera owner’s key; only they read it, and the pet owner never does',
    { timeout: 60_000 },
    async () => {
      expect((await client.listAlerts()).alerts[0]?.previewKey?.publicKey).toBeDefined()
      const stop = new AbortController()
      const run = runCommand(paths, { folder: sourceDir, 'share-poll': '0.3' }, quietLogger(), {
        analyzer: pipeline,
        signal: stop.signal,
      })
      try {
        const got = await waitFor(
          async () => {
            const res = await as(owner.cookie, `/api/alerts/${alertId}/preview`)
            return res.status === 200
              ? ((await res.json()) as { enc: string; ciphertext: string; bytes: number })
              : undefined
          },
          { timeoutMs: 30_000, what: 'the agent to upload the private preview' },
        )
        const opened = Buffer.from(
          await suite.open(
            { recipientKey: keyPair, enc: Buffer.from(got.enc, 'base64url') },
            Buffer.from(got.ciphertext, 'base64url'),
          ),
        )
        const meta = await sharp(opened).metadata()
        expect(meta.format).toBe('jpeg')
        expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320)
        expect(opened.byteLength).toBeLessThanOrEqual(48 * 1024)
        expect(meta.exif).toBeUndefined()
        expect([...Buffer.from(got.ciphertext, 'base64url').subarray(0, 3)]).not.toEqual([0xff, 0xd8, 0xff])
        expect((await as(petOwner, `/api/alerts/${alertId}/preview`)).status).toBe(404)
        // Sent once: the alert no longer asks for one, and it is still waiting for the owner's decision.
        expect((await client.listAlerts()).alerts[0]).toMatchObject({ id: alertId, previewKey: null })
      } finally {
        stop.abort()
        expect(await run).toBe(0)
      }
    },
  )
})
