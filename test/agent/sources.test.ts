import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agent } from '../../src/agent/agent.ts'
import { OPTIONS, USAGE } from '../../src/agent/cli.ts'
import { sourcesFrom } from '../../src/agent/commands/run.ts'
import type { FrameSource } from '../../src/agent/sources/source.ts'
import type { RunningServer } from '../../src/server.ts'
import { pairedAgentDir, quietLogger, removeDir, startAgent, waitFor } from './support/agent.ts'
import { colourCodedAnalyzer, syntheticFrame } from './support/frames.ts'
import { cameraOwner, type RecordingProxy, recordingProxy, startHomeward, tempDir } from './support/server.ts'

/** A small stand-in for a camera or Frigate's HTTP API: path → image bytes, counting requests. */
async function imageServer(routes: Map<string, () => Promise<Buffer>>, auth?: string) {
  const hits = new Map<string, number>()
  const server = http.createServer((req, res) => {
    if (auth && req.headers.authorization !== auth) return void res.writeHead(401).end()
    const route = routes.get(req.url ?? '')
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1)
    if (!route) return void res.writeHead(404).end()
    void route().then((bytes) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((r) => server.close(r)),
  }
}

let server: RunningServer
let proxy: RecordingProxy
let serverDir: string
const cleanup: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  serverDir = await tempDir('homeward-server-')
  server = await startHomeward(serverDir)
  proxy = await recordingProxy(`http://127.0.0.1:${server.port}`)
})
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn()
  await proxy?.close()
  await server?.stop()
  await removeDir(serverDir)
})

async function runAgentWith(flags: Record<string, string | boolean | string[]>) {
  const owner = await cameraOwner(proxy.url)
  const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
  const token = (await fs.readFile(paths.token, 'utf8')).trim()
  const analyzer = colourCodedAnalyzer()
  const agent: Agent = await startAgent(paths, { analyzer, mode: 'standard' })
  const sources: FrameSource[] = sourcesFrom(flags, quietLogger())
  agent.start()
  for (const source of sources) await source.start((frame) => void agent.processFrame(frame, { mayDrop: true }))
  cleanup.push(async () => {
    for (const s of sources) await s.stop()
    await agent.stop()
    await removeDir(paths.dir)
  })
  const delivered = () =>
    proxy.requests
      .filter(
        (r) => r.headers.authorization === `Bearer ${token}` && r.path === '/api/sightings/batch' && r.status === 200,
      )
      .flatMap(
        (r) => (JSON.parse(r.body.toString()) as { sightings: { species: string; capturedAt: string }[] }).sightings,
      )
  const bodies = () => proxy.requests.filter((r) => r.headers.authorization === `Bearer ${token}`)
  return { analyzer, delivered, bodies }
}

describe('snapshot URL and watched folder', () => {
  it('polls a camera snapshot URL, skipping near-duplicate frames', async () => {
    let polls = 0
    const empty = syntheticFrame([], { seed: 1 })
    const withDog = syntheticFrame([{ kind: 'dog', x: 300, y: 260, size: 110 }], { seed: 2 })
    // Credentials in the URL go as Basic auth: the fake camera insists on them.
    const camera = await imageServer(
      new Map([['/snapshot.jpg', () => (++polls > 4 ? withDog : empty)]]),
      `Basic ${Buffer.from('admin:secret').toString('base64')}`,
    )
    cleanup.push(camera.close)
    const url = camera.url.replace('http://', 'http://admin:secret@')
    const { analyzer, delivered } = await runAgentWith({ 'snapshot-url': `${url}/snapshot.jpg`, interval: '0.2' })
    const sightings = await waitFor(() => (delivered().length ? delivered() : undefined), {
      what: 'a snapshot-URL sighting',
    })
    expect(sightings[0]!.species).toBe('dog')
    await waitFor(() => polls >= 8, { what: 'more polls' })
    expect(analyzer.calls.analyze).toBeLessThanOrEqual(3) // the empty yard once, the dog once: the rest were duplicates
  })

  it('analyses snapshots written into a watched folder', async () => {
    const dir = await tempDir('homeward-watch-')
    cleanup.push(() => removeDir(dir))
    await fs.writeFile(path.join(dir, 'old.jpg'), await syntheticFrame([{ kind: 'cat', x: 10, y: 300, size: 100 }]))
    const { delivered } = await runAgentWith({ folder: dir, 'delete-processed': true })
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not an image')
    await fs.writeFile(
      path.join(dir, 'cam-0001.jpg'),
      await syntheticFrame([{ kind: 'dog', x: 300, y: 250, size: 120 }], { seed: 7 }),
    )
    const sightings = await waitFor(() => (delivered().length ? delivered() : undefined), { what: 'a folder sighting' })
    expect(sightings.map((s) => s.species)).toEqual(['dog']) // old.jpg was there before: not re-analysed
    await waitFor(async () => !(await fs.readdir(dir)).includes('cam-0001.jpg'), { what: 'the processed file to go' })
    expect((await fs.readdir(dir)).sort()).toEqual(['notes.txt', 'old.jpg'])
  })
})

describe('the homeward-agent command', () => {
  const BIN = path.resolve(import.meta.dirname, '../../src/agent/bin.mjs')
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, ...args], { timeout: 90_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
    })

  it('documents every flag in --help', () => {
    for (const flag of Object.keys(OPTIONS)) expect(USAGE, `--${flag}`).toContain(`--${flag}`)
  })

  it(
    'refuses bad Frigate and Home Assistant settings with a clear line, before starting anything',
    { timeout: 300_000 },
    async () => {
      const cases: [string[], RegExp][] = [
        [
          ['--frigate-mqtt', '127.0.0.1:1883', '--frigate-http', 'http://127.0.0.1:5000'],
          /--frigate-mqtt: 127\.0\.0\.1: is not an MQTT URL|not a URL/,
        ],
        [['--frigate-mqtt', 'http://127.0.0.1:1883', '--frigate-http', 'http://127.0.0.1:5000'], /not an MQTT URL/],
        [['--frigate-mqtt', 'mqtt://127.0.0.1:1883', '--frigate-http', 'ftp://nvr'], /--frigate-http must be http/],
        [
          ['--frigate-mqtt', 'mqtt://127.0.0.1:1883', '--frigate-http', 'http://nvr:5000', '--frigate-label', 'person'],
          /only dog and cat/,
        ],
        [
          ['--frigate-mqtt', 'mqtt://127.0.0.1:1883', '--frigate-http', 'http://nvr:5000', '--frigate-min-score', '2'],
          /--frigate-min-score must be a number between 0 and 1/,
        ],
        [['--folder', '.', '--ha-mqtt', 'homeassistant.local'], /--ha-mqtt .* is not a URL/],
        [['--folder', '.', '--ha-mqtt', 'mqtt://h:1883', '--ha-node-id', 'a b'], /--ha-node-id may hold only/],
      ]
      for (const [args, message] of cases) {
        const result = await cli(['run', ...args, '--data-dir', '/nonexistent-homeward'])
        expect(result.code, args.join(' ')).toBe(2)
        expect(result.stderr.split('\n')[0]).toMatch(message)
      }
    },
  )

  it('pairs (token 0600), reports status, and backfills a folder with a dry run', { timeout: 120_000 }, async () => {
    const owner = await cameraOwner(proxy.url)
    const dataDir = await tempDir('homeward-agent-cli-')
    cleanup.push(() => removeDir(dataDir))
    expect((await cli(['pair', proxy.url, 'not-a-code', '--data-dir', dataDir])).code).toBe(1)
    const paired = await cli(['pair', proxy.url, await owner.pairingCode(), '--data-dir', dataDir])
    expect(paired.stdout).toContain(`camera ${owner.cameraId}`)
    expect((await fs.stat(path.join(dataDir, 'token'))).mode & 0o777).toBe(0o600)
    expect(paired.stdout + paired.stderr).not.toMatch(/hwd_/) // the token is never printed

    const status = await cli(['status', '--json', '--data-dir', dataDir])
    expect(JSON.parse(status.stdout)).toMatchObject({
      paired: true,
      cameraId: owner.cameraId,
      serverView: { cameraId: owner.cameraId },
    })
    expect((await cli(['run', '--data-dir', dataDir])).code).toBe(2) // no source named

    const photos = await tempDir('homeward-backfill-')
    cleanup.push(() => removeDir(photos))
    for (let i = 0; i < 3; i++)
      await fs.writeFile(path.join(photos, `f${i}.jpg`), await syntheticFrame([], { seed: i }))
    const backfill = await cli(['backfill', photos, '--dry-run', '--data-dir', dataDir])
    expect(backfill.code).toBe(0)
    expect(backfill.stdout).toMatch(/backfill: 3 files, .*dry run: nothing sent/)
  })
})
