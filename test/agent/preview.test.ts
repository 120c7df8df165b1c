import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { previewImage } from '../../src/agent/preview/preview-image.ts'
import { suite } from '../support/hpke.ts'
import { catPhoto } from '../support/images.ts'
import { quietLogger, waitFor } from './support/agent.ts'
import { useAlertFixture } from './support/alert-fixture.ts'

let keyPair: CryptoKeyPair
const f = useAlertFixture({
  // The camera owner's browser makes its preview key; only the public half reaches the server.
  async beforeSighting({ as, owner }) {
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
  },
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
      expect((await f.client.listAlerts()).alerts[0]?.previewKey?.publicKey).toBeDefined()
      const stop = new AbortController()
      const run = runCommand(f.paths, { folder: f.sourceDir, 'share-poll': '0.3' }, quietLogger(), {
        analyzer: f.pipeline,
        signal: stop.signal,
      })
      try {
        const got = await waitFor(
          async () => {
            const res = await f.as(f.owner.cookie, `/api/alerts/${f.alertId}/preview`)
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
        expect((await f.as(f.petOwner, `/api/alerts/${f.alertId}/preview`)).status).toBe(404)
        // Sent once: the alert no longer asks for one, and it is still waiting for the owner's decision.
        expect((await f.client.listAlerts()).alerts[0]).toMatchObject({ id: f.alertId, previewKey: null })
      } finally {
        stop.abort()
        expect(await run).toBe(0)
      }
    },
  )
})
