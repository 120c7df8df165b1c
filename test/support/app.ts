import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createAuth } from '../../src/accounts/auth.ts'
import { buildApp, type App } from '../../src/app.ts'
import type { OpenDatabase } from '../../src/db/connect.ts'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { AlertEvents } from '../../src/alerts/alert.events.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import { startJobQueue, stopJobQueue } from '../../src/jobs/boss.ts'
import { createLogger } from '../../src/logger.ts'
import { createMatchQueues } from '../../src/matches/match.queue.ts'
import type { AbuseLimits } from '../../src/http/abuse-limits.ts'
import { createChannels, type Channels } from '../../src/notifications/notification.channels.ts'
import { createNotifier } from '../../src/notifications/notification.queue.ts'
import { startNotificationWorker } from '../../workers/notification-worker.ts'
import type { MatchSettings } from '../../src/matches/match.service.ts'
import { startMatchWorkers } from '../../workers/match-worker.ts'
import { petPhotoAnalyzer, type PetPhotoAnalyzer } from '../../src/photos/pet-photo.ts'
import { createVisionPipeline } from '../../src/vision/index.ts'
import { loadOrCreateVapidKeys, type VapidKeys } from '../../src/push/vapid-keys.ts'
import { createFileStorage, type BlobStorage } from '../../src/storage/blob-storage.ts'
import { loadWebAssets } from '../../src/web/assets.ts'
import type { TestDatabase } from './databases.ts'

export const BASE_URL = 'http://localhost:8787'

export interface TestApp {
  readonly app: App
  readonly database: OpenDatabase & { readonly url?: string | undefined }
  readonly storage: BlobStorage
  readonly storageDir: string
  readonly mailDir: string
  readonly vapid: VapidKeys
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
const UNLIMITED = { limit: 1_000_000, windowSeconds: 1 }
// Tests come from one address and reuse one cat photo across searches and accounts; test/abuse/ runs the real limits.
const TEST_LIMITS: Partial<AbuseLimits> = {
  signInPerAddress: UNLIMITED,
  signUpPerAddress: UNLIMITED,
  pairPerAddress: UNLIMITED,
  publicReadsPerAddress: UNLIMITED,
  activeSearchesPerAccount: 1_000_000,
  searchesPerAccount: UNLIMITED,
  foundReportsPerAccount: UNLIMITED,
  relayMessagesPerAccount: UNLIMITED,
  eventStreamsPerAccount: 1_000_000,
  refuseDuplicatePhotos: false,
  holdLookalikeSearches: false,
}
const DEFAULT_MATCHING = { modelId: DEFAULT_EMBEDDING_MODEL_ID, minSimilarity: CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]! }
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
}

export async function startTestApp(testDatabase: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await testDatabase.open()
  const logger = createLogger('silent')
  const boss = await startJobQueue(
    database.url ? { kind: 'postgres', url: database.url } : { kind: 'pglite', pglite: database.pglite!, kysely: database.db },
    { onError: (err) => console.error('job queue error', err) },
  )
  const matchQueue = await createMatchQueues(boss)
  const alertEvents = new AlertEvents()
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-test-'))
  const notifier = await createNotifier(boss)
  const mailDir = path.join(storageDir, 'mail')
  const vapid = await loadOrCreateVapidKeys(storageDir)
  const push = { vapid, subject: 'mailto:test@homeward.invalid', publicUrl: BASE_URL, ...(options.notifications?.pushCa && { ca: options.notifications.pushCa }) }
  if (options.notifications)
    await startNotificationWorker(boss, { db: database.db, channels: options.notifications.channels ?? createChannels({ from: 'test@homeward.invalid', logDir: mailDir }, BASE_URL, { push, outbound: { allowPrivate: true } }) }, logger, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 })
  if (options.matching)
    await startMatchWorkers(boss, { db: database.db, matching: options.matching, alertEvents, notifier, ...(options.now && { now: options.now }) }, logger, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 })
  const storage = createFileStorage(storageDir)
  const auth = createAuth({
    db: database.db,
    secret: 'test-secret-test-secret-test-secret-0123',
    baseURL: BASE_URL,
    trustedOrigins: [],
    rateLimit: false,
  })
  const app = buildApp({ db: database.db, auth, storage, petPhotos: await sharedPetPhotoAnalyzer(), matchQueue, alertEvents, matching: options.matching ?? DEFAULT_MATCHING, allowPrivateWebhooks: true, vapidPublicKey: vapid.publicKey, logger, limits: options.limits ?? TEST_LIMITS, ...(options.now && { now: options.now }), ...(options.web && { web: { assets: await loadWebAssets(), tileUrl: 'http://127.0.0.1:9/{z}/{x}/{y}.png', publicUrl: BASE_URL } }) })

  const request = (p: string, init: RequestInit & { user?: TestUser } = {}) => {
    const { user, ...rest } = init
    const headers = new Headers(rest.headers)
    if (user) headers.set('cookie', user.cookie)
    return Promise.resolve(app.request(`${BASE_URL}${p}`, { ...rest, headers }))
  }

  return {
    app,
    database,
    storage,
    storageDir,
    mailDir,
    vapid,
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
      if (signedIn.status !== 200) throw new Error(`sign-in after sign-up failed: ${signedIn.status} ${await signedIn.text()}`)
      const body = (await signedIn.json()) as { user: { id: string } }
      const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
      return { id: body.user.id, email, cookie }
    },
    async dispose() {
      await stopJobQueue(boss, 2000)
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
