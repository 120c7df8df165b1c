import fs from 'node:fs/promises'
import { afterAll, beforeAll, expect } from 'vitest'
import type { AgentPaths } from '../../../src/agent/device.ts'
import { createServerClient, type ServerClient } from '../../../src/agent/server-client.ts'
import type { RunningServer } from '../../../src/server.ts'
import { createVisionPipeline, type VisionPipeline } from '../../../src/vision/index.ts'
import { catSearchForm } from '../../support/searches.ts'
import { pairedAgentDir, removeDir, sightCat, waitFor } from './agent.ts'
import { cameraOwner, type CameraOwner, signUp, startHomeward, tempDir } from './server.ts'

/** A real server with a paired agent whose camera has seen a lost cat: the open alert agent-process tests start from. */
export interface AlertFixture {
  readonly server: RunningServer
  /** The server itself; the pet owner always talks to it directly. */
  readonly base: string
  /** Where the agent and the camera owner reach the server: `base` unless `agentBase` put something in between. */
  readonly agentBase: string
  readonly serverDir: string
  /** An empty folder for the agent to watch. */
  readonly sourceDir: string
  readonly paths: AgentPaths
  readonly token: string
  readonly pipeline: VisionPipeline
  readonly owner: CameraOwner
  /** The pet owner's session cookie. */
  readonly petOwner: string
  readonly searchId: string
  readonly client: ServerClient
  readonly alertId: string
  /** Fetches from the server itself, with this session cookie (none when undefined). */
  as(cookie: string | undefined, path: string, init?: RequestInit): Promise<Response>
}

type BeforeSighting = Omit<AlertFixture, 'client' | 'alertId'>

export interface AlertFixtureOptions {
  /** Puts something (a recording proxy) between the agent and the server; returns where the agent connects. */
  readonly agentBase?: (base: string) => Promise<string>
  /** What the pet owner or camera owner does once the search is open, before the camera sees the cat. */
  readonly beforeSighting?: (fixture: BeforeSighting) => Promise<void>
  /** The source the agent names for the sighting. */
  readonly source?: string
  readonly alertTimeoutMs?: number
  /** The beforeAll hook's timeout. */
  readonly timeoutMs?: number
  /** Start nothing (the test file skips, e.g. without an MQTT broker). */
  readonly skip?: boolean
}

/** What the fixture started so far, so that a failed start still stops the server and removes its folders. */
interface Held {
  server?: RunningServer
  readonly dirs: string[]
}

/**
 * Starts the fixture before the file's (or describe block's) tests and stops it after them. The caller's
 * own later hooks run after it starts and, on the way out, before it stops.
 */
export function useAlertFixture(options: AlertFixtureOptions = {}): AlertFixture {
  let started: AlertFixture | undefined
  const held: Held = { dirs: [] }
  beforeAll(async () => {
    if (!options.skip) started = await startAlertFixture(options, held)
  }, options.timeoutMs ?? 90_000)
  afterAll(async () => {
    await held.server?.stop()
    for (const dir of held.dirs) await removeDir(dir)
  })
  return new Proxy({} as AlertFixture, {
    get(_, key) {
      if (!started) throw new Error('the alert fixture is used before its beforeAll ran')
      return started[key as keyof AlertFixture]
    },
  })
}

async function startAlertFixture(options: AlertFixtureOptions, held: Held): Promise<AlertFixture> {
  const serverDir = await tempDir('homeward-server-')
  const sourceDir = await tempDir('homeward-source-')
  held.dirs.push(serverDir, sourceDir)
  const server = (held.server = await startHomeward(serverDir))
  const base = `http://127.0.0.1:${server.port}`
  const agentBase = (await options.agentBase?.(base)) ?? base
  const owner = await cameraOwner(agentBase)
  const [paths, pipeline] = await Promise.all([
    (async () => pairedAgentDir(agentBase, await owner.pairingCode()))(),
    createVisionPipeline(),
  ])
  held.dirs.push(paths.dir)
  const token = (await fs.readFile(paths.token, 'utf8')).trim()
  const as = (cookie: string | undefined, p: string, init: RequestInit = {}) =>
    fetch(`${base}${p}`, {
      ...init,
      headers: { ...(cookie && { cookie }), ...(init.headers as Record<string, string>) },
    })

  // A cat goes missing at the camera's doorstep an hour ago.
  const petOwner = await signUp(base, 'Pet owner')
  const search = await as(petOwner, '/api/searches', { method: 'POST', body: await catSearchForm() })
  expect(search.status).toBe(201)
  const searchId = ((await search.json()) as { id: string }).id
  const ready = { server, base, agentBase, serverDir, sourceDir, paths, token, pipeline, owner, petOwner, searchId, as }
  await options.beforeSighting?.(ready)

  // The camera sees the same cat; the server's real match worker opens an alert.
  await sightCat(paths, pipeline, options.source ?? 'yard')
  const client = createServerClient(agentBase, token)
  const alertId = await waitFor(async () => (await client.listAlerts()).alerts[0]?.id, {
    timeoutMs: options.alertTimeoutMs ?? 15_000,
    what: 'an alert from the real match worker',
  })
  return { ...ready, client, alertId }
}
