import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AgentError } from '../../src/agent/agent.ts'
import { createVisionPipeline } from '../../src/vision/index.ts'
import type { FrameOutcome } from '../../src/agent/frame-processor.ts'
import { readStatus } from '../../src/agent/commands/status.ts'
import { loadOrCreateKey, openSnapshot } from '../../src/agent/store/snapshots.ts'
import type { RunningServer } from '../../src/server.ts'
import { pairedAgentDir, removeDir, startAgent } from './support/agent.ts'
import {
  colourCodedAnalyzer,
  FAKE_DIMENSION,
  identityVector,
  sizeBucket,
  syntheticFrame,
  type Thing,
} from './support/frames.ts'
import { findImageContent } from './support/image-bytes.ts'
import {
  cameraOwner,
  type CameraOwner,
  type RecordingProxy,
  recordingProxy,
  startHomeward,
  tempDir,
} from './support/server.ts'

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data')
const hasSharedData = existsSync(path.join(SHARED_DATA, 'pets/labels.csv'))
if (!hasSharedData)
  console.warn(`skipping the real-photo privacy test: ${SHARED_DATA} is absent (the synthetic-frame tests still run)`)

let server: RunningServer
let proxy: RecordingProxy
let owner: CameraOwner
let serverDir: string
const dirs: string[] = []

beforeAll(async () => {
  serverDir = await tempDir('homeward-server-')
  server = await startHomeward(serverDir)
  proxy = await recordingProxy(`http://127.0.0.1:${server.port}`)
  owner = await cameraOwner(proxy.url)
})
afterAll(async () => {
  await proxy?.close()
  await server?.stop()
  for (const dir of [...dirs, serverDir]) if (dir) await removeDir(dir)
})

const dog = (x: number, size = 120): Thing => ({ kind: 'dog', x, y: 260, size })
const cat = (x: number, size = 80): Thing => ({ kind: 'cat', x, y: 300, size })
const person = (x: number): Thing => ({ kind: 'person', x, y: 100, size: 200 })

/** A camera's morning: pets, a passer-by, empty yard, and the same scene twice. */
async function morning() {
  const scenes: { name: string; things: Thing[] }[] = [
    { name: 'empty-1', things: [] },
    { name: 'dog-1', things: [dog(40)] },
    { name: 'dog-1-again', things: [dog(40)] }, // near-duplicate: the next JPEG of an unchanged scene
    { name: 'person-only-1', things: [person(300)] },
    { name: 'cat-1', things: [cat(420)] },
    { name: 'person-only-2', things: [person(100)] },
    { name: 'dog-and-person', things: [dog(420, 100), person(60)] },
    { name: 'empty-2', things: [] },
    { name: 'cat-2', things: [cat(200, 60)] },
  ]
  let seed = 1
  return Promise.all(scenes.map(async (s) => ({ ...s, bytes: await syntheticFrame(s.things, { seed: seed++ }) })))
}

const requestsOf = (token: string) => proxy.requests.filter((r) => r.headers.authorization === `Bearer ${token}`)
const tokenOf = async (dir: string) => (await fs.readFile(path.join(dir, 'token'), 'utf8')).trim()

async function assertNoImages(requests: readonly { body: Buffer; path: string }[], dimension = FAKE_DIMENSION) {
  for (const r of requests)
    expect(await findImageContent(r.body, dimension), `${r.path} carries an image`).toBeUndefined()
}

describe('standard mode: only embeddings leave the house', () => {
  it('sends pet embeddings for pet frames, nothing for people or empty frames, and never image bytes', async () => {
    const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
    dirs.push(paths.dir)
    expect((await fs.stat(paths.token)).mode & 0o777).toBe(0o600)
    const analyzer = colourCodedAnalyzer()
    const agent = await startAgent(paths, { analyzer, mode: 'standard' })
    const outcomes = new Map<string, FrameOutcome | { kind: 'dropped' }>()
    for (const [i, frame] of (await morning()).entries()) {
      outcomes.set(
        frame.name,
        await agent.processFrame({
          source: 'yard',
          bytes: frame.bytes,
          capturedAt: new Date(Date.now() - 60_000 + i * 1000),
        }),
      )
    }
    expect(await agent.flush()).toBe('drained')
    await agent.stop()

    expect(outcomes.get('dog-1-again')?.kind).toBe('near-duplicate')
    for (const name of ['person-only-1', 'person-only-2', 'empty-1', 'empty-2'])
      expect(outcomes.get(name)?.kind, name).toBe('no-pet')
    const sighted = [...outcomes].filter(([, o]) => o.kind === 'sighted').map(([name]) => name)
    expect(sighted.sort()).toEqual(['cat-1', 'cat-2', 'dog-1', 'dog-and-person'])
    expect(analyzer.calls.analyze).toBe(8) // the duplicate never reached the model

    const token = await tokenOf(paths.dir)
    const sent = requestsOf(token)
    await assertNoImages(sent)
    const batches = sent.filter((r) => r.path === '/api/sightings/batch')
    expect(batches.every((r) => r.status === 200 && r.headers['content-type'] === 'application/json')).toBe(true)
    const sightings = batches.flatMap(
      (r) => (JSON.parse(r.body.toString()) as { sightings: Record<string, unknown>[] }).sightings,
    )
    for (const s of sightings)
      expect(Object.keys(s).sort()).toEqual([
        'capturedAt',
        'clientId',
        'embedding',
        'modelId',
        'score',
        'snapshotRef',
        'species',
      ])
    const refs = [...outcomes.values()].flatMap((o) => (o.kind === 'sighted' ? [o.snapshotRef] : []))
    expect(new Set(sightings.map((s) => s.snapshotRef))).toEqual(new Set(refs))
    expect(batches.reduce((n, r) => n + (JSON.parse(r.response!) as { accepted: number }).accepted, 0)).toBe(4)
  })

  it('keeps snapshots encrypted on the device, with people painted over', async () => {
    const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
    dirs.push(paths.dir)
    const agent = await startAgent(paths, { analyzer: colourCodedAnalyzer(), mode: 'standard' })
    const frame = await syntheticFrame([dog(420, 100), person(60)], { seed: 42 })
    const outcome = await agent.processFrame({ source: 'yard', bytes: frame, capturedAt: new Date() })
    await agent.stop()
    if (outcome.kind !== 'sighted') throw new Error(`expected a sighting, got ${outcome.kind}`)

    const [file] = await fs.readdir(paths.snapshots)
    const sealed = await fs.readFile(path.join(paths.snapshots, file!))
    expect(await findImageContent(sealed, FAKE_DIMENSION)).toBeDefined() // (not JSON …)
    expect(sealed.subarray(0, 4).toString()).toBe('HWS1')
    expect(sealed.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false)
    expect((await fs.stat(paths.key)).mode & 0o777).toBe(0o600)
    const jpeg = openSnapshot(await loadOrCreateKey(paths), outcome.snapshotRef, sealed)
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true })
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)]
    for (const v of at(160, 200)) expect(Math.abs(v - 128)).toBeLessThan(12) // the person: grey
    expect(at(470, 310)[0]).toBeGreaterThan(180) // the dog: still red
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined()
  })
})

describe('private mode: sightings never leave the device', () => {
  it('matches the cell’s active searches locally and reports only search, time and score', async () => {
    const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
    dirs.push(paths.dir)
    const lostDog = identityVector('dog', sizeBucket(120))
    const search = {
      id: 'search-lost-dog',
      species: 'dog',
      lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
      embeddings: [{ modelId: 'homeward-pet-embed-v1', vector: Array.from(lostDog) }],
    }
    const otherCat = {
      id: 'search-other-cat',
      species: 'cat',
      lastSeenAt: search.lastSeenAt,
      embeddings: [{ modelId: 'homeward-pet-embed-v1', vector: Array.from(identityVector('cat', 19)) }],
    }
    proxy.local.set('/api/devices/searches', () => ({
      status: 200,
      body: { searches: [search, otherCat], thresholds: { 'homeward-pet-embed-v1': 0.9 } },
    }))
    proxy.local.set('/api/devices/private-matches', (req) => ({
      status: 200,
      body: { accepted: (JSON.parse(req.body.toString()) as { matches: unknown[] }).matches.length },
    }))

    const agent = await startAgent(paths, { analyzer: colourCodedAnalyzer(), mode: 'private' })
    await agent.refreshFeed()
    for (const [i, frame] of (await morning()).entries()) {
      await agent.processFrame({
        source: 'yard',
        bytes: frame.bytes,
        capturedAt: new Date(Date.now() - 60_000 + i * 1000),
      })
    }
    expect(await agent.flush()).toBe('drained')
    await agent.stop()

    const sent = requestsOf(await tokenOf(paths.dir))
    await assertNoImages(sent)
    expect(sent.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/devices/searches',
      'POST /api/devices/private-matches',
    ])
    const report = sent.find((r) => r.path === '/api/devices/private-matches')!
    const { matches } = JSON.parse(report.body.toString()) as { matches: Record<string, unknown>[] }
    expect(matches).toHaveLength(1) // dog-1 is the lost dog; the smaller dog and the cats are other animals
    expect(Object.keys(matches[0]!).sort()).toEqual(['clientId', 'matchedAt', 'score', 'searchId'])
    expect(matches[0]).toMatchObject({ searchId: 'search-lost-dog' })
    expect(matches[0]!.score).toBeGreaterThan(0.99)
    expect(report.body.toString()).not.toMatch(/embedding|snapshotRef|species/)
    const status = await readStatus(paths, { online: false })
    expect(status.privateSightingsKept).toBe(4)
    expect(status.queued).toEqual({ sighting: 0, 'private-match': 0 })
  })
})

describe('dry run and revocation', () => {
  it('--dry-run prints the sightings it would send and sends nothing', async () => {
    const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
    dirs.push(paths.dir)
    const printed: string[] = []
    const agent = await startAgent(paths, {
      analyzer: colourCodedAnalyzer(),
      mode: 'standard',
      dryRun: true,
      print: (l) => printed.push(l),
    })
    await agent.processFrame({ source: 'yard', bytes: await syntheticFrame([dog(40)]), capturedAt: new Date() })
    await agent.processFrame({
      source: 'yard',
      bytes: await syntheticFrame([person(40)], { seed: 9 }),
      capturedAt: new Date(),
    })
    await agent.stop()
    expect(printed).toHaveLength(1)
    expect(JSON.parse(printed[0]!)).toMatchObject({
      wouldSend: 'POST /api/sightings/batch',
      sighting: { species: 'dog' },
    })
    expect(requestsOf(await tokenOf(paths.dir))).toHaveLength(0)
    await expect(fs.readdir(paths.snapshots)).resolves.toEqual([])
  })

  it('stops sending and deletes its queue when consent is revoked', async () => {
    const other = await cameraOwner(proxy.url)
    const paths = await pairedAgentDir(proxy.url, await other.pairingCode())
    dirs.push(paths.dir)
    let revokedWith: number | undefined
    const agent = await startAgent(paths, {
      analyzer: colourCodedAnalyzer(),
      mode: 'standard',
      onRevoked: (err) => (revokedWith = err.status),
    })
    await agent.processFrame({ source: 'yard', bytes: await syntheticFrame([dog(40)]), capturedAt: new Date() })
    expect(await agent.flush()).toBe('drained')
    await other.revokeConsent()
    await agent.processFrame({
      source: 'yard',
      bytes: await syntheticFrame([cat(300)], { seed: 5 }),
      capturedAt: new Date(),
    })
    expect(await agent.flush()).toBe('revoked')
    await agent.stop()

    expect([401, 403]).toContain(revokedWith)
    const status = await readStatus(paths, { online: false })
    expect(status.queued).toEqual({ sighting: 0, 'private-match': 0 })
    expect(status.revoked).toBeDefined()
    await expect(fs.access(paths.token)).rejects.toThrow()
    await expect(startAgent(paths, { analyzer: colourCodedAnalyzer(), mode: 'standard' })).rejects.toBeInstanceOf(
      AgentError,
    )
  })
})

describe.skipIf(!hasSharedData)('real photos through the real vision pipeline (../shared/data)', () => {
  const pick = async (dir: string, n: number) => {
    const lines = (await fs.readFile(path.join(SHARED_DATA, dir, 'labels.csv'), 'utf8')).trim().split('\n').slice(1)
    return lines
      .filter((_, i) => i % Math.max(1, Math.floor(lines.length / n)) === 0)
      .slice(0, n)
      .map((l) => path.join(SHARED_DATA, l.split(',')[0]!))
  }

  it(
    'sends embeddings of pets only: no image bytes, and no sighting from a person-only frame',
    { timeout: 120_000 },
    async () => {
      const paths = await pairedAgentDir(proxy.url, await owner.pairingCode())
      dirs.push(paths.dir)
      const pipeline = await createVisionPipeline()
      const agent = await startAgent(paths, { analyzer: pipeline, mode: 'standard' })
      const sets = {
        pets: await pick('pets', 6),
        people: await pick('people', 8),
        negatives: await pick('negatives', 4),
      }
      const refsBySet: Record<string, string[]> = { pets: [], people: [], negatives: [] }
      for (const [set, files] of Object.entries(sets)) {
        for (const file of files) {
          // Each photo is its own source: the near-duplicate gate must not hide one behind another.
          const outcome = await agent.processFrame({
            source: file,
            bytes: await fs.readFile(file),
            capturedAt: new Date(Date.now() - 60_000),
          })
          if (outcome.kind === 'sighted') refsBySet[set]!.push(outcome.snapshotRef)
        }
      }
      expect(await agent.flush()).toBe('drained')
      await agent.stop()
      expect(refsBySet.people).toEqual([])
      expect(refsBySet.pets!.length).toBeGreaterThanOrEqual(4)
      const sent = requestsOf(await tokenOf(paths.dir))
      await assertNoImages(sent, pipeline.dimension)
      const sentRefs = new Set(
        sent
          .filter((r) => r.path === '/api/sightings/batch')
          .flatMap((r) =>
            (JSON.parse(r.body.toString()) as { sightings: { snapshotRef: string }[] }).sightings.map(
              (s) => s.snapshotRef,
            ),
          ),
      )
      expect(sentRefs).toEqual(new Set([...refsBySet.pets!, ...refsBySet.negatives!]))
    },
  )
})
