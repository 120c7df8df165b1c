import { serve } from '@hono/node-server'
import { existsSync, readdirSync } from 'node:fs'
import fs from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraOwner, type RecordingProxy, recordingProxy, tempDir } from '../agent/support/server.ts'
import { waitFor } from '../agent/support/agent.ts'
import { startTestApp, type TestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { type InstalledAgent, packAndInstall, treeBytes } from './support/installed-agent.ts'

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data')
const DOGS = path.join(SHARED_DATA, 'pets/breeds/samoyed')
const hasDog = existsSync(DOGS)
if (!hasDog) console.warn(`skipping the installed agent's pair and run: ${DOGS} is absent`)

let agent: InstalledAgent
// Each start of the installed agent loads its models (seconds; much more on a loaded CI machine).
const AGENT_TIMEOUT_MS = 300_000

// Packing and installing from the registry (or npm's cache) takes a minute or two; it happens once per file.
beforeAll(async () => {
  agent = await packAndInstall()
}, 600_000)
afterAll(async () => {
  agent?.killLeftovers()
  if (agent) await fs.rm(path.dirname(agent.prefix), { recursive: true, force: true })
})

describe('homeward-agent installed alone from its tarball', () => {
  it('answers --help, and holds its bundle, its models and only its own dependencies', async () => {
    const help = await agent.exec(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('usage: homeward-agent')
    const installed = readdirSync(path.join(agent.packageDir, 'node_modules'))
    for (const dep of ['onnxruntime-node', 'sharp', 'mqtt', 'pino']) expect(installed).toContain(dep)
    // Nothing of the server came along: no web framework, database, job queue, mailer or tfjs.
    for (const server of [
      'hono',
      'kysely',
      '@electric-sql',
      'pg-boss',
      'postgres',
      'better-auth',
      'nodemailer',
      '@tensorflow',
      'tsx',
    ]) {
      expect(installed, server).not.toContain(server)
    }
    expect(existsSync(path.join(agent.packageDir, 'src')), 'TypeScript sources').toBe(false)
    expect(existsSync(path.join(agent.packageDir, 'models/centernet/model-384.onnx'))).toBe(true)
    // ONNXRUNTIME_NODE_INSTALL=skip: the CPU build inside the npm package, no CUDA libraries fetched.
    const ortBin = path.join(agent.packageDir, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64')
    if (existsSync(ortBin)) expect(readdirSync(ortBin).filter((f) => f.includes('cuda'))).toEqual([])
    console.info(
      JSON.stringify({
        tarballBytes: (await fs.stat(agent.tarball)).size,
        installedBytes: await treeBytes(agent.prefix),
      }),
    )
  })
})

describe.skipIf(!hasDog).each(testDatabases())('the installed agent against a real server on $name', (testDb) => {
  let testApp: TestApp
  let close: () => Promise<void>
  let proxy: RecordingProxy
  let serverUrl: string
  let dataDir: string
  let snapshots: string

  beforeAll(async () => {
    testApp = await startTestApp(testDb, { vision: 'fake' })
    const server = serve({ fetch: testApp.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => new Promise((r) => server.close(() => r(undefined)))
    proxy = await recordingProxy(serverUrl)
    dataDir = await tempDir('homeward-agent-data-')
    snapshots = await tempDir('homeward-agent-snapshots-')
  })
  afterAll(async () => {
    await proxy?.close()
    await close?.()
    await testApp?.dispose()
    for (const dir of [dataDir, snapshots]) if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  const sentSightings = () =>
    proxy.requests
      .filter((r) => r.path === '/api/sightings/batch' && r.status === 200)
      .flatMap(
        (r) =>
          (JSON.parse(r.body.toString()) as { sightings: { species: string; modelId: string; embedding: number[] }[] })
            .sightings,
      )
  const queued = async () =>
    (
      JSON.parse((await agent.exec(['--data-dir', dataDir, 'status', '--json'])).stdout) as {
        queued: { sighting?: number }
      }
    ).queued.sighting ?? 0

  it(
    'pairs with a one-time code',
    async () => {
      const owner = await cameraOwner(proxy.url)
      const paired = await agent.exec(['--data-dir', dataDir, 'pair', proxy.url, await owner.pairingCode()])
      expect(paired.code, paired.stderr).toBe(0)
      expect((await fs.stat(path.join(dataDir, 'token'))).mode & 0o777).toBe(0o600)
    },
    AGENT_TIMEOUT_MS,
  )

  it(
    'stops cleanly on SIGTERM with the server down, keeping the sighting it could not send',
    async () => {
      proxy.target = undefined
      const running = agent.spawn(['--data-dir', dataDir, 'run', '--folder', snapshots])
      await running.waitForLog('agent running', 180_000)
      const dog = readdirSync(DOGS).sort()[0]!
      await fs.copyFile(path.join(DOGS, dog), path.join(snapshots, 'front-door-1.jpg'))
      await waitFor(async () => (await queued()) === 1, {
        what: 'the dog queued in the outbox',
        timeoutMs: 120_000,
      }).catch((err: Error) => {
        throw new Error(`${err.message}; the agent said: ${running.stderr()}`)
      })
      running.child.kill('SIGTERM')
      expect(await running.exited()).toEqual({ code: 0, signal: null })
      expect(running.stderr()).toContain('stopping')
      expect(await queued()).toBe(1)
      expect(sentSightings()).toEqual([])
    },
    AGENT_TIMEOUT_MS,
  )

  it(
    'sends the kept sighting when it runs again and the server is back',
    async () => {
      proxy.target = serverUrl
      const running = agent.spawn(['--data-dir', dataDir, 'run', '--folder', snapshots])
      const sent = await waitFor(() => (sentSightings().length ? sentSightings() : undefined), {
        what: 'the queued sighting delivered',
        timeoutMs: 180_000,
      })
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ species: 'dog', modelId: 'homeward-pet-embed-v2' })
      expect(sent[0]!.embedding).toHaveLength(512)
      running.child.kill('SIGTERM')
      expect((await running.exited()).code).toBe(0)
      expect(await queued()).toBe(0)
    },
    AGENT_TIMEOUT_MS,
  )
})
