import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agent } from '../../src/agent/agent.ts'
import { sourcesFrom } from '../../src/agent/commands/run.ts'
import type { FrameSource } from '../../src/agent/sources/source.ts'
import type { RunningServer } from '../../src/server.ts'
import { pairedAgentDir, quietLogger, removeDir, startAgent, waitFor } from './support/agent.ts'
import { colourCodedAnalyzer, syntheticFrame } from './support/frames.ts'
import { findImageContent } from './support/image-bytes.ts'
import { cameraOwner, type RecordingProxy, recordingProxy, startHomeward, tempDir } from './support/server.ts'

const MQTT_URL = 'mqtt://127.0.0.1:1883'
const brokerUp = await connectAsync(MQTT_URL, { connectTimeout: 2_000, reconnectPeriod: 0 }).then(
  async (c) => (await c.endAsync(), true),
  () => false,
)
if (!brokerUp) console.warn(`skipping the Frigate test: no MQTT broker at ${MQTT_URL} (start it: mosquitto -d -c /etc/mosquitto/mosquitto.conf)`)

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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((r) => server.close(r)) }
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
      .filter((r) => r.headers.authorization === `Bearer ${token}` && r.path === '/api/sightings/batch' && r.status === 200)
      .flatMap((r) => (JSON.parse(r.body.toString()) as { sightings: { species: string; capturedAt: string }[] }).sightings)
  const bodies = () => proxy.requests.filter((r) => r.headers.authorization === `Bearer ${token}`)
  return { analyzer, delivered, bodies }
}

describe.skipIf(!brokerUp)('Frigate source (real Mosquitto at 127.0.0.1:1883)', () => {
  it('fetches the snapshot of new dog and cat events once, ignores people, and sends only embeddings', async () => {
    const frigate = await imageServer(new Map([
      ['/api/events/ev-dog/snapshot.jpg', () => syntheticFrame([{ kind: 'dog', x: 100, y: 250, size: 120 }], { seed: 3 })],
      ['/api/events/ev-cat/snapshot.jpg', () => syntheticFrame([{ kind: 'cat', x: 400, y: 300, size: 90 }], { seed: 4 })],
      ['/api/events/ev-person/snapshot.jpg', () => syntheticFrame([{ kind: 'person', x: 100, y: 100, size: 200 }], { seed: 5 })],
    ]))
    cleanup.push(frigate.close)
    const prefix = `frigate-test-${process.pid}-${Date.now()}`
    const { delivered, bodies } = await runAgentWith({ 'frigate-mqtt': MQTT_URL, 'frigate-http': frigate.url, 'frigate-topic': prefix })
    const publisher = await connectAsync(MQTT_URL)
    cleanup.push(() => publisher.endAsync())
    const start = Date.now() / 1000 - 30
    const event = (type: string, id: string, label: string, extra = {}) =>
      publisher.publishAsync(`${prefix}/events`, JSON.stringify({ type, before: {}, after: { id, label, camera: 'yard', start_time: start, has_snapshot: true, ...extra } }))
    await event('new', 'ev-person', 'person')
    await event('new', 'ev-dog', 'dog')
    await event('update', 'ev-dog', 'dog')
    await event('new', 'ev-cat', 'cat')
    await event('end', 'ev-cat', 'cat')
    await event('new', 'ev-fp', 'dog', { false_positive: true })

    const sightings = await waitFor(() => (delivered().length >= 2 ? delivered() : undefined), { what: 'two Frigate sightings' })
    expect(sightings.map((s) => s.species).sort()).toEqual(['cat', 'dog'])
    expect(new Date(sightings[0]!.capturedAt).getTime()).toBeCloseTo(start * 1000, -3)
    expect(frigate.hits.get('/api/events/ev-dog/snapshot.jpg')).toBe(1)
    expect(frigate.hits.has('/api/events/ev-person/snapshot.jpg')).toBe(false)
    expect(frigate.hits.has('/api/events/ev-fp/snapshot.jpg')).toBe(false)
    for (const r of bodies()) expect(await findImageContent(r.body, 512)).toBeUndefined()
  })
})

describe('snapshot URL and watched folder', () => {
  it('polls a camera snapshot URL, skipping near-duplicate frames', async () => {
    let polls = 0
    const empty = syntheticFrame([], { seed: 1 })
    const withDog = syntheticFrame([{ kind: 'dog', x: 300, y: 260, size: 110 }], { seed: 2 })
    // Credentials in the URL go as Basic auth: the fake camera insists on them.
    const camera = await imageServer(new Map([['/snapshot.jpg', () => (++polls > 4 ? withDog : empty)]]), `Basic ${Buffer.from('admin:secret').toString('base64')}`)
    cleanup.push(camera.close)
    const url = camera.url.replace('http://', 'http://admin:secret@')
    const { analyzer, delivered } = await runAgentWith({ 'snapshot-url': `${url}/snapshot.jpg`, interval: '0.2' })
    const sightings = await waitFor(() => (delivered().length ? delivered() : undefined), { what: 'a snapshot-URL sighting' })
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
    await fs.writeFile(path.join(dir, 'cam-0001.jpg'), await syntheticFrame([{ kind: 'dog', x: 300, y: 250, size: 120 }], { seed: 7 }))
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
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }))
    })

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
    expect(JSON.parse(status.stdout)).toMatchObject({ paired: true, cameraId: owner.cameraId, serverView: { cameraId: owner.cameraId } })
    expect((await cli(['run', '--data-dir', dataDir])).code).toBe(2) // no source named

    const photos = await tempDir('homeward-backfill-')
    cleanup.push(() => removeDir(photos))
    for (let i = 0; i < 3; i++) await fs.writeFile(path.join(photos, `f${i}.jpg`), await syntheticFrame([], { seed: i }))
    const backfill = await cli(['backfill', photos, '--dry-run', '--data-dir', dataDir])
    expect(backfill.code).toBe(0)
    expect(backfill.stdout).toMatch(/backfill: 3 files, .*dry run: nothing sent/)
  })
})
