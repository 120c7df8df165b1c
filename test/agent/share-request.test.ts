import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { readStatus } from '../../src/agent/commands/status.ts'
import { openSealed, suite } from '../support/hpke.ts'
import { pairedAgentDir, quietLogger, removeDir, waitFor } from './support/agent.ts'
import { useAlertFixture } from './support/alert-fixture.ts'
import { cameraOwner, signUp, tempDir } from './support/server.ts'

let keyPair: CryptoKeyPair
const f = useAlertFixture({
  // The pet owner's device enables encrypted sharing before the camera sees the cat.
  async beforeSighting({ as, petOwner, searchId }) {
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
  },
})

const sharesOfSearch = async () =>
  ((await (await f.as(f.petOwner, `/api/searches/${f.searchId}/shares`)).json()) as { shares: { id: string }[] }).shares

describe('the camera owner asks, on the web, that their agent share', () => {
  it('refuses anyone but the camera owner, and a bad id, changing nothing', async () => {
    expect((await f.as(undefined, `/api/alerts/${f.alertId}/share-request`, { method: 'POST' })).status).toBe(401)
    expect((await f.as(f.petOwner, `/api/alerts/${f.alertId}/share-request`, { method: 'POST' })).status).toBe(404)
    expect(
      (await f.as(await signUp(f.base, 'Neighbour'), `/api/alerts/${f.alertId}/share-request`, { method: 'POST' }))
        .status,
    ).toBe(404)
    expect((await f.as(f.owner.cookie, '/api/alerts/not-a-uuid/share-request', { method: 'POST' })).status).toBe(400)
    expect((await f.client.listAlerts()).alerts[0]).toMatchObject({ id: f.alertId, shareRequested: false })
  })

  it(
    'the running agent uploads the sealed snapshot on its next poll, and only the pet owner’s key opens it',
    { timeout: 60_000 },
    async () => {
      const stop = new AbortController()
      const run = runCommand(f.paths, { folder: f.sourceDir, 'share-poll': '0.3' }, quietLogger(), {
        analyzer: f.pipeline,
        signal: stop.signal,
      })
      try {
        // Running is not asking: nothing is shared until the owner says so.
        await new Promise((r) => setTimeout(r, 1200))
        expect(await sharesOfSearch()).toEqual([])

        const requested = await f.as(f.owner.cookie, `/api/alerts/${f.alertId}/share-request`, { method: 'POST' })
        expect(requested.status).toBe(202)
        const { shareRequestedAt } = (await requested.json()) as { shareRequestedAt: string }
        const own = (
          (await (await f.as(f.owner.cookie, '/api/alerts')).json()) as {
            alerts: { id: string; shareRequestedAt: string | null }[]
          }
        ).alerts
        expect(own.find((a) => a.id === f.alertId)?.shareRequestedAt).toBe(shareRequestedAt)

        const [share] = await waitFor(
          async () => {
            const list = await sharesOfSearch()
            return list.length ? list : undefined
          },
          { timeoutMs: 30_000, what: 'the agent to upload the requested share' },
        )
        const got = (await (await f.as(f.petOwner, `/api/searches/${f.searchId}/shares/${share!.id}`)).json()) as {
          enc: string
          ciphertext: string
        }
        const opened = await openSealed(keyPair, got)
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
        expect((await f.client.listAlerts()).alerts).toEqual([])
        expect((await f.as(f.owner.cookie, `/api/alerts/${f.alertId}/share-request`, { method: 'POST' })).status).toBe(
          409,
        )
      } finally {
        stop.abort()
        expect(await run).toBe(0)
      }
      const audit = (
        (await (await f.as(f.owner.cookie, '/api/me/audit')).json()) as {
          entries: { action: string; subjectId: string }[]
        }
      ).entries
      expect(audit.filter((e) => e.subjectId === f.alertId).map((e) => e.action)).toEqual(
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
      const other = await cameraOwner(f.base)
      const otherPaths = await pairedAgentDir(f.base, await other.pairingCode())
      const idleFolder = await tempDir('homeward-idle-source-')
      try {
        const run = runCommand(otherPaths, { folder: idleFolder, 'share-poll': '0.3' }, quietLogger(), {
          analyzer: f.pipeline,
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
