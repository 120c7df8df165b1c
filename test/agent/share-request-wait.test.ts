import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { startShareRequestWait } from '../../src/agent/commands/share-request-wait.ts'
import { agentPaths, saveDevice, type AgentPaths } from '../../src/agent/device.ts'
import { suite } from '../support/hpke.ts'
import { quietLogger, removeDir, waitFor } from './support/agent.ts'
import { useAlertFixture } from './support/alert-fixture.ts'
import { tempDir } from './support/server.ts'

/** A stand-in server that answers the long-poll with `reply` and records the queries it got. */
async function stubServer(reply: (url: URL) => { status: number; body: unknown }) {
  const seen: URL[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    seen.push(url)
    const { status, body } = reply(url)
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

async function agentDirFor(base: string): Promise<AgentPaths> {
  const paths = agentPaths(await tempDir('homeward-wait-agent-'))
  await saveDevice(
    paths,
    { server: base, cameraId: crypto.randomUUID(), retentionHours: 72, pairedAt: new Date().toISOString() },
    `hwd_${'a'.repeat(43)}`,
  )
  return paths
}

describe('the agent’s share-request long-poll against other servers', () => {
  it('leaves the timed poll alone when an older server has no such route (404)', async () => {
    const stub = await stubServer(() => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no' } } }))
    const paths = await agentDirFor(stub.base)
    try {
      let shared = 0
      const wait = await startShareRequestWait(paths, {
        logger: quietLogger(),
        onRequests: async () => shared++,
        onRevoked: () => expect.fail('not revoked'),
      })
      await waitFor(() => wait!.mode() === 'fallback' || undefined, { timeoutMs: 5_000, what: 'the fallback' })
      expect(stub.seen).toHaveLength(1)
      expect(shared).toBe(0)
      await wait!.stop()
    } finally {
      await stub.close()
      await removeDir(paths.dir)
    }
  })

  it('shares when told of a request, passes the cursor on, and stops for good on a 401', async () => {
    const cursor = new Date().toISOString()
    let calls = 0
    const stub = await stubServer(() => {
      calls++
      if (calls === 1)
        return { status: 200, body: { requests: [{ alertId: crypto.randomUUID(), requestedAt: cursor }], cursor } }
      if (calls === 2) return { status: 200, body: { requests: [], cursor } }
      return {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'Device token is unknown or revoked' } },
      }
    })
    const paths = await agentDirFor(stub.base)
    try {
      let shared = 0
      let revoked: Error | undefined
      const wait = await startShareRequestWait(paths, {
        logger: quietLogger(),
        onRequests: async () => shared++,
        onRevoked: (err) => (revoked = err),
      })
      await waitFor(() => revoked, { timeoutMs: 5_000, what: 'the revocation' })
      expect(shared).toBe(1)
      expect(stub.seen[0]!.searchParams.get('wait')).toBe('25')
      expect(stub.seen[0]!.searchParams.get('since')).toBeNull()
      expect(stub.seen[1]!.searchParams.get('since')).toBe(cursor)
      expect(wait!.mode()).toBe('stopped')
      expect(stub.seen).toHaveLength(3) // no retry after the refusal
      await wait!.stop()
    } finally {
      await stub.close()
      await removeDir(paths.dir)
    }
  })
})

describe('a running agent with the real server', () => {
  const f = useAlertFixture({
    async beforeSighting({ as, petOwner, searchId }) {
      const publicKey = Buffer.from(
        await suite.kem.serializePublicKey((await suite.kem.generateKeyPair()).publicKey),
      ).toString('base64url')
      await as(petOwner, `/api/searches/${searchId}/share-key`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey }),
      })
    },
  })

  it('shares within seconds of the web request, with the timed poll an hour away', { timeout: 60_000 }, async () => {
    const stop = new AbortController()
    const run = runCommand(f.paths, { folder: f.sourceDir, 'share-poll': '3600' }, quietLogger(), {
      analyzer: f.pipeline,
      signal: stop.signal,
    })
    try {
      await new Promise((r) => setTimeout(r, 1_500)) // the agent is waiting on the long-poll now
      const asked = Date.now()
      expect((await f.as(f.owner.cookie, `/api/alerts/${f.alertId}/share-request`, { method: 'POST' })).status).toBe(
        202,
      )
      await waitFor(
        async () => {
          const { shares } = (await (await f.as(f.petOwner, `/api/searches/${f.searchId}/shares`)).json()) as {
            shares: unknown[]
          }
          return shares.length ? shares : undefined
        },
        { timeoutMs: 10_000, what: 'the share via the long-poll' },
      )
      expect(Date.now() - asked).toBeLessThan(5_000)
      // The owner's camera page data says the agent is online now.
      const camera = (await (await f.as(f.owner.cookie, `/api/cameras/${f.owner.cameraId}`)).json()) as {
        agent: { paired: boolean; online: boolean }
      }
      expect(camera.agent).toMatchObject({ paired: true, online: true })
    } finally {
      stop.abort()
      expect(await run).toBe(0)
    }
  })
})
