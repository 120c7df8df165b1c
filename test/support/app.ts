import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { buildApp, serviceDeps, type App, type BuildAppOptions, type ServiceDeps } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import type { OpenDatabase } from '../../src/db/connect.ts'
import { LIFTED_ABUSE_LIMITS, type AbuseLimits } from '../../src/http/abuse-limits.ts'
import { createLogger } from '../../src/logger.ts'
import type { MatchSettings } from '../../src/matches/match.service.ts'
import type { Channels } from '../../src/notifications/notification.channels.ts'
import { petPhotoAnalyzer, type PetPhotoAnalyzer } from '../../src/photos/pet-photo.ts'
import type { VapidKeys } from '../../src/push/vapid-keys.ts'
import { createNodeRuntime, type WorkerName } from '../../src/runtime/node-runtime.ts'
import { createFileStorage, type BlobStorage } from '../../src/storage/blob-storage.ts'
import { createVisionPipeline } from '../../src/vision/index.ts'
import { servePhotoCheck } from '../edge/photo-check-server.ts'
import type { TestDatabase } from './databases.ts'
import { fakePetPhotos } from './fake-pet-photos.ts'

export const BASE_URL = 'http://localhost:8787'

export interface TestApp {
  readonly app: App
  readonly database: OpenDatabase & { readonly url?: string | undefined }
  readonly storage: BlobStorage
  readonly storageDir: string
  readonly mailDir: string
  readonly vapid: VapidKeys
  /** The photo-intake port the app runs with (the real models, or the fixed-embedding fake). */
  readonly petPhotos: PetPhotoAnalyzer
  request(path: string, init?: RequestInit & { user?: TestUser }): Promise<Response>
  signUp(name?: string): Promise<TestUser>
  dispose(): Promise<void>
}

export interface TestUser {
  readonly id: string
  readonly email: string
  readonly cookie: string
}

let userCounter = 0
// Tests come from one address and reuse one cat photo across searches and accounts; test/abuse/ runs the real limits.
const TEST_LIMITS = LIFTED_ABUSE_LIMITS
let petPhotos: Promise<PetPhotoAnalyzer> | undefined

/** The real vision pipeline, loaded once per test file. */
export function sharedPetPhotoAnalyzer(): Promise<PetPhotoAnalyzer> {
  petPhotos ??= createVisionPipeline().then(petPhotoAnalyzer)
  return petPhotos
}

/** The real app on a real, fresh database, with photos in a temporary folder. */
export interface TestAppOptions {
  readonly now?: () => Date
  /** Run the matching workers, with these settings; without it, match jobs are only queued. */
  readonly matching?: MatchSettings
  /** Run the notification worker; email goes to .eml files under `mailDir` unless channels are given. */
  readonly notifications?: { readonly channels?: Channels; readonly pushCa?: string | Buffer }
  /** Serve the web pages too (bundled once per file); tiles point nowhere, as pages must work without them. */
  readonly web?: boolean
  /** Abuse limits; lifted by default (TEST_LIMITS), as every test request comes from one address. */
  readonly limits?: Partial<AbuseLimits>
  /** How often the match and notification workers poll (default 0.5 s, as the server runs them). */
  readonly pollingIntervalSeconds?: number
  /** 'fake' (useTestApp's default): fixed embeddings and no model load, for tests that are not about vision. */
  readonly vision?: 'real' | 'fake'
  /** Each request's deps made from the app's long-lived ones, as the Worker makes them (buildApp's resolveDeps). */
  readonly requestDeps?: (
    base: ServiceDeps,
    ...request: Parameters<NonNullable<BuildAppOptions['resolveDeps']>>
  ) => ServiceDeps
}

export async function startTestApp(testDatabase: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await testDatabase.open()
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-test-'))
  const config = loadConfig({
    DATA_DIR: storageDir,
    DATABASE_URL: database.url,
    PUBLIC_URL: BASE_URL,
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    MAIL_FROM: 'test@homeward.invalid',
    ALLOW_PRIVATE_WEBHOOKS: 'true',
    MATCH_CODE_CACHE: 'off',
    MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
  })
  const mailDir = config.mail.logDir
  const storage = createFileStorage(storageDir)
  const petPhotos = options.vision === 'fake' ? fakePetPhotos : await sharedPetPhotoAnalyzer()
  const runtime = await createNodeRuntime(options.matching ? { ...config, matching: options.matching } : config, {
    logger: createLogger('silent'),
    database,
    ...(options.now && { clock: options.now }),
    petPhotos: async () => petPhotos,
    storage,
    ...(options.notifications?.channels && { channels: options.notifications.channels }),
    ...(options.notifications?.pushCa && { pushCa: options.notifications.pushCa }),
    authRateLimit: false,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
  })
  const workers: WorkerName[] = [
    ...(options.notifications ? ['notifications' as const] : []),
    ...(options.matching ? ['match' as const] : []),
  ]
  await runtime.startWorkers(workers)
  const appDeps = { ...(await runtime.appDeps({ web: options.web ?? false })), limits: options.limits ?? TEST_LIMITS }
  const { requestDeps } = options
  const base = requestDeps && serviceDeps(appDeps)
  const app = buildApp(appDeps, base ? { resolveDeps: (c) => requestDeps(base, c) } : {})
  const vapid = await runtime.vapid()
  const photoCheck = process.env.EDGE_PHOTO_CHECK_PORT
    ? await servePhotoCheck(Number(process.env.EDGE_PHOTO_CHECK_PORT), petPhotos)
    : undefined

  // npm run test:edge: the same requests, through HTTP to the Worker in `wrangler dev` (test/edge/global-setup.ts).
  const edgeUrl = process.env.EDGE_URL
  const request = (p: string, init: RequestInit & { user?: TestUser } = {}) => {
    const { user, ...rest } = init
    const headers = new Headers(rest.headers)
    if (user) headers.set('cookie', user.cookie)
    if (edgeUrl) return fetch(`${edgeUrl}${p}`, { redirect: 'manual', ...rest, headers })
    return Promise.resolve(app.request(`${BASE_URL}${p}`, { ...rest, headers }))
  }

  return {
    app,
    database,
    storage,
    storageDir,
    mailDir,
    vapid,
    petPhotos,
    request,
    async signUp(name = 'Test user') {
      const email = `user${++userCounter}-${Date.now()}@example.com`
      const res = await request('/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE_URL },
        body: JSON.stringify({ email, password: 'correct horse battery staple', name }),
      })
      if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`)
      // Sign-up gives no session (autoSignIn: false): sign in as a client does.
      const signedIn = await request('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE_URL },
        body: JSON.stringify({ email, password: 'correct horse battery staple' }),
      })
      if (signedIn.status !== 200)
        throw new Error(`sign-in after sign-up failed: ${signedIn.status} ${await signedIn.text()}`)
      const body = (await signedIn.json()) as { user: { id: string } }
      const cookie = signedIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
      return { id: body.user.id, email, cookie }
    },
    async dispose() {
      await photoCheck?.close()
      await runtime.stop(2000)
      await database.dispose()
      await fs.rm(storageDir, { recursive: true, force: true })
    },
  }
}

export const jsonInit = (method: string, body: unknown, user?: TestUser): RequestInit & { user?: TestUser } => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  ...(user && { user }),
})

/**
 * The app for one test file: started before its tests, disposed after them. Photos go through the
 * fixed-embedding fake unless `vision: 'real'` is asked for.
 */
export function useTestApp(testDatabase: TestDatabase, options: TestAppOptions = {}): TestApp {
  let started: TestApp | undefined
  beforeAll(async () => {
    started = await startTestApp(testDatabase, { vision: 'fake', ...options })
  })
  afterAll(async () => started?.dispose())
  // The tests and their own beforeAll hooks run after the one above, so the app is there when they read it.
  return new Proxy({} as TestApp, {
    get(_, key) {
      if (!started) throw new Error('the test app is used before its beforeAll ran')
      return started[key as keyof TestApp]
    },
  })
}
