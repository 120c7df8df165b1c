import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect.ts'
import type { RunningServer } from '../../src/server.ts'
import { pairedAgentDir, removeDir, startAgent, waitFor } from './support/agent.ts'
import { colourCodedAnalyzer, syntheticFrame } from './support/frames.ts'
import { cameraOwner, type RecordingProxy, recordingProxy, startHomeward, tempDir } from './support/server.ts'

let server: RunningServer | undefined
let proxy: RecordingProxy
let serverDir: string
let agentDir: string | undefined

beforeAll(async () => {
  serverDir = await tempDir('homeward-server-')
  server = await startHomeward(serverDir)
  proxy = await recordingProxy(`http://127.0.0.1:${server.port}`)
})
afterAll(async () => {
  await proxy?.close()
  await server?.stop()
  await removeDir(serverDir)
  if (agentDir) await removeDir(agentDir)
})

/** Frame i shows a dog at its own place, so the gate never merges two of them. */
const dogFrame = (i: number) =>
  syntheticFrame([{ kind: 'dog', x: 20 + (i % 7) * 85, y: 40 + (i % 2) * 260, size: 60 + (i % 3) * 10 }], {
    seed: i + 1,
  })

it('loses nothing and duplicates nothing through a server outage, lost responses and an agent restart', async () => {
  const owner = await cameraOwner(proxy.url)
  const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
  agentDir = paths.dir
  const capturedAt = (i: number) => new Date(Date.now() - 10 * 60_000 + i * 1000)
  const expected = new Set<string>()
  const feed = async (agent: Awaited<ReturnType<typeof startAgent>>, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const outcome = await agent.processFrame({ source: 'yard', bytes: await dogFrame(i), capturedAt: capturedAt(i) })
      if (outcome.kind !== 'sighted') throw new Error(`frame ${i}: ${outcome.kind}`)
      for (const s of outcome.sightings) expected.add(s.clientId)
    }
  }

  let agent = await startAgent(paths, { analyzer: colourCodedAnalyzer(), mode: 'standard' })
  agent.start()
  await feed(agent, 0, 6)
  await waitFor(() => proxy.requests.some((r) => r.path === '/api/sightings/batch' && r.status === 200), {
    what: 'a first delivery',
  })

  // The server goes away mid-run; the next responses that do get through are lost on the way back.
  const port = server!.port
  await server!.stop()
  server = undefined
  proxy.target = undefined
  await feed(agent, 6, 14)
  await waitFor(() => proxy.requests.some((r) => r.status === 502), { what: 'a refused send' })
  // The agent is restarted too, with sightings still queued.
  await agent.stop()
  agent = await startAgent(paths, { analyzer: colourCodedAnalyzer(), mode: 'standard' })
  agent.start()
  await feed(agent, 14, 20)

  server = await startHomeward(serverDir)
  proxy.loseResponses = 1
  proxy.target = `http://127.0.0.1:${server.port}`
  expect(server.port === port || server.port > 0).toBe(true)
  await waitFor(async () => (await agent.flush()) === 'drained' && proxy.loseResponses === 0, {
    what: 'the queue to drain',
    timeoutMs: 30_000,
  })
  await agent.stop()

  // Count on the server's own database: every sighting exactly once.
  await server.stop()
  server = undefined
  const database = await openDatabase({ kind: 'pglite', dir: `${serverDir}/pglite` })
  const rows = await database.db
    .selectFrom('sightings')
    .select(['client_id'])
    .where('camera_id', '=', owner.cameraId)
    .execute()
  await database.close()
  const stored = rows.map((r) => r.client_id)
  expect(stored).toHaveLength(expected.size)
  expect(new Set(stored)).toEqual(expected)
  const duplicatesReported = proxy.requests
    .filter((r) => r.path === '/api/sightings/batch' && r.status === 200)
    .reduce((n, r) => n + (JSON.parse(r.response!) as { duplicates: number }).duplicates, 0)
  expect(duplicatesReported).toBeGreaterThan(0) // the lost response was resent, and the server deduplicated it
})
