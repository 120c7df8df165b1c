import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import fs from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { readStatus } from '../../src/agent/commands/status.ts'
import type { AgentPaths } from '../../src/agent/device.ts'
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
let searchId: string
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

  // A cat goes missing at the camera's doorstep; the pet owner's device enables encrypted sharing.
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
  searchId = ((await (await as(petOwner, '/api/searches', { method: 'POST', body: form })).json()) as { id: string }).id
  keyPair = await suite.kem.generateKeyPair()
  const publicKey = Buffer.from(await suite.kem.serializePublicKey(keyPair.publicKey)).toString('base64url')
  expect(
    (
      await as(petOwner, `/api/searches/${searchId}/share-key`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey }),
      })
    ).status,
  ).toBe(200)

  // The camera sees the cat; the real match worker opens an alert.
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

const sharesOfSearch = async () =>
  ((await (await as(petOwner, `/api/searches/${searchId}/shares`)).json()) as { shares: { id: string }[] }).shares

describe('the camera owner asks, on the web, that their agent share', () => {
  it('refuses anyone but the camera owner, and a bad id, changing nothing', async () => {
    expect((await as(undefined, `/api/alerts/${alertId}/share-request`, { method: 'POST' })).status).toBe(401)
    expect((await as(petOwner, `/api/alerts/${alertId}/share-request`, { method: 'POST' })).status).toBe(404)
    expect(
      (await as(await signUp(base, 'Neighbour'), `/api/alerts/${alertId}/share-request`, { method: 'POST' })).status,
    ).toBe(404)
    expect((await as(owner.cookie, '/api/alerts/not-a-uuid/share-request', { method: 'POST' })).status).toBe(400)
    expect((await client.listAlerts()).alerts[0]).toMatchObject({ id: alertId, shareRequested: false })
  })

  it(
    'the running agent uploads the sealed snapshot on its next poll, and only the pet owner’s key opens it',
    { timeout: 60_000 },
    async () => {
      const stop = new AbortController()
      const run = runCommand(paths, { folder: sourceDir, 'share-poll': '0.3' }, quietLogger(), {
        analyzer: pipeline,
        signal: stop.signal,
      })
      try {
        // Running is not asking: nothing is shared until the owner says so.
        await new Promise((r) => setTimeout(r, 1200))
        expect(await sharesOfSearch()).toEqual([])

        const requested = await as(owner.cookie, `/api/alerts/${alertId}/share-request`, { method: 'POST' })
        expect(requested.status).toBe(202)
        const { shareRequestedAt } = (await requested.json()) as { shareRequestedAt: string }
        const own = (
          (await (await as(owner.cookie, '/api/alerts')).json()) as {
            alerts: { id: string; shareRequestedAt: string | null }[]
          }
        ).alerts
        expect(own.find((a) => a.id === alertId)?.shareRequestedAt).toBe(shareRequestedAt)

        const [share] = await waitFor(
          async () => {
            const list = await sharesOfSearch()
            return list.length ? list : undefined
          },
          { timeoutMs: 30_000, what: 'the agent to upload the requested share' },
        )
        const got = (await (await as(petOwner, `/api/searches/${searchId}/shares/${share!.id}`)).json()) as {
          enc: string
          ciphertext: string
        }
        const opened = Buffer.from(
          await suite.open(
            { recipientKey: keyPair, enc: Buffer.from(got.enc, 'base64url') },
            Buffer.from(got.ciphertext, 'base64url'),
          ),
        )
        expect([...opened.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
        expect((await sharp(opened).metadata()).format).toBe('jpeg')
        const stranger = await suite.kem.generateKeyPair()
        await expect(
          suite.open(
            { recipientKey: stranger, enc: Buffer.from(got.enc, 'base64url') },
            Buffer.from(got.ciphertext, 'base64url'),
          ),
        ).rejects.toThrow()

        // Shared once: the alert is answered, so it leaves the agent's list and a second request is refused.
        await new Promise((r) => setTimeout(r, 800))
        expect(await sharesOfSearch()).toHaveLength(1)
        expect((await client.listAlerts()).alerts).toEqual([])
        expect((await as(owner.cookie, `/api/alerts/${alertId}/share-request`, { method: 'POST' })).status).toBe(409)
      } finally {
        stop.abort()
        expect(await run).toBe(0)
      }
      const audit = (
        (await (await as(owner.cookie, '/api/me/audit')).json()) as { entries: { action: string; subjectId: string }[] }
      ).entries
      expect(audit.filter((e) => e.subjectId === alertId).map((e) => e.action)).toEqual(
        expect.arrayContaining(['alert.share.requested', 'alert.snapshot.shared']),
      )
    },
  )
})

describe('consent revoked while the agent has nothing to send', () => {
  it(
    'stops the running agent at its next poll, with exit code 3, instead of polling on',
    { timeout: 60_000 },
    async () => {
      const other = await cameraOwner(base)
      const otherPaths = await pairedAgentDir(base, await other.pairingCode())
      const idleFolder = await tempDir('homeward-idle-source-')
      try {
        const run = runCommand(otherPaths, { folder: idleFolder, 'share-poll': '0.3' }, quietLogger(), {
          analyzer: pipeline,
        })
        await new Promise((r) => setTimeout(r, 1_000))
        await other.revokeConsent()
        const started = Date.now()
        expect(await run).toBe(3)
        expect(Date.now() - started).toBeLessThan(10_000)
        expect((await readStatus(otherPaths, { online: false })).revoked).toBeDefined()
      } finally {
        for (const dir of [otherPaths.dir, idleFolder]) await removeDir(dir)
      }
    },
  )
})
