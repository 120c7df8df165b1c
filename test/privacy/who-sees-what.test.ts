import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { distanceM, toCoarseCell } from '../../src/geo/cells.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import { jsonInit, sharedPetPhotoAnalyzer, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'
import { establishCamera } from '../matches/trail-support.ts'

// Who gets what from every read route in the OpenAPI document. A route without a row fails the test.
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })
const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url')

// fakeAccount: a fresh account with dummy cameras in the matching camera's cell (issue 20); fakeCamera: one of them, paired.
// guest: a stranger with no account who sent a sighting with a photo, holding only their one-time link (issue 19).
const ACTORS = [
  'anonymous',
  'neighbour',
  'petOwner',
  'matchingCameraOwner',
  'otherCameraOwner',
  'matchingDevice',
  'otherDevice',
  'fakeAccount',
  'fakeCamera',
  'guest',
] as const
type Actor = (typeof ACTORS)[number]
const USERS: Actor[] = ['neighbour', 'petOwner', 'matchingCameraOwner', 'otherCameraOwner', 'fakeAccount']
const DEVICES: Actor[] = ['matchingDevice', 'otherDevice', 'fakeCamera']

/** Strings that must reach nobody but those a row allows. */
type Secret =
  | 'petOwnerIdentity'
  | 'petExactPoint'
  | 'matchingCameraId'
  | 'matchingCameraCell'
  | 'otherCameraId'
  | 'otherCameraCell'
  | 'alert'
  | 'shareCiphertext'
  | 'cameraOwnerIdentities'
  | 'neighbourIdentity'
  | 'fakeAccountIdentity'
  | 'fakeCameraIds'
  | 'guestMessage'
  | 'guestToken'
  | 'guestThreadId'
  | 'previewCiphertext'
  | 'agentCheckIn'

/** What each actor may always see of its own: the rest of a row's allowances are in `sees`. */
const OWN: Record<Actor, Secret[]> = {
  anonymous: [],
  neighbour: ['neighbourIdentity'],
  petOwner: ['petOwnerIdentity', 'petExactPoint', 'guestThreadId'],
  matchingCameraOwner: ['matchingCameraId', 'matchingCameraCell', 'alert', 'cameraOwnerIdentities', 'agentCheckIn'],
  otherCameraOwner: ['otherCameraId', 'otherCameraCell', 'cameraOwnerIdentities'],
  matchingDevice: ['matchingCameraId', 'matchingCameraCell'],
  otherDevice: ['otherCameraId', 'otherCameraCell'],
  // The dummy cameras sit in the matching camera's cell, so that cell is their own.
  fakeAccount: ['fakeAccountIdentity', 'fakeCameraIds', 'matchingCameraCell'],
  fakeCamera: ['fakeCameraIds', 'matchingCameraCell'],
  guest: ['guestMessage'],
}

interface Fixture {
  searchId: string
  searchPhotoId: string
  searchCell: string
  matchingCameraId: string
  otherCameraId: string
  shareId: string
  alertId: string
  threadId: string
  foundId: string
  guestThreadId: string
  guestMessageId: string
}

interface Row {
  readonly path: (f: Fixture) => string
  /** Who gets a 200; everyone else a 401 or 404 (never a 200 with someone else's data). */
  readonly ok: readonly Actor[]
  /** Beyond their own: what these actors may see here. */
  readonly sees?: Partial<Record<Actor, Secret[]>>
  /** A read of someone else's data: each successful read appends this audit action. */
  readonly audits?: string
  readonly check?: (body: unknown, f: Fixture) => void
}

const ALL = ACTORS
const MATRIX: Record<string, Row> = {
  'GET /api/searches': { path: () => '/api/searches', ok: USERS },
  'GET /api/searches/{id}': { path: (f) => `/api/searches/${f.searchId}`, ok: ['petOwner'] },
  'GET /api/searches/{id}/photos/{photoId}': {
    path: (f) => `/api/searches/${f.searchId}/photos/${f.searchPhotoId}`,
    ok: ['petOwner'],
  },
  'GET /api/lost-pets/{id}': {
    path: (f) => `/api/lost-pets/${f.searchId}`,
    ok: ALL,
    check: (body, f) => expect((body as { area: { cell: string } }).area.cell).toBe(f.searchCell),
  },
  'GET /api/lost-pets/{id}/photos/{photoId}': {
    path: (f) => `/api/lost-pets/${f.searchId}/photos/${f.searchPhotoId}`,
    ok: ALL,
  },
  'GET /api/consent/camera': { path: () => '/api/consent/camera', ok: ALL },
  'GET /api/cameras': { path: () => '/api/cameras', ok: USERS },
  'GET /api/cameras/{id}': { path: (f) => `/api/cameras/${f.matchingCameraId}`, ok: ['matchingCameraOwner'] },
  'GET /api/devices/me': { path: () => '/api/devices/me', ok: DEVICES },
  'GET /api/alerts': {
    path: () => '/api/alerts',
    ok: USERS,
    check: (body) => expect((body as { alerts: unknown[] }).alerts.length).toBeLessThanOrEqual(1),
  },
  'GET /api/cameras/{id}/searches': {
    path: (f) => `/api/cameras/${f.matchingCameraId}/searches`,
    ok: ['matchingCameraOwner'],
  },
  'GET /api/searches/{id}/shares': {
    path: (f) => `/api/searches/${f.searchId}/shares`,
    ok: ['petOwner'],
    sees: { petOwner: ['matchingCameraCell'] },
  },
  'GET /api/searches/{id}/shares/{shareId}': {
    path: (f) => `/api/searches/${f.searchId}/shares/${f.shareId}`,
    ok: ['petOwner'],
    // Sharing reveals the camera's coarse cell to the pet owner, by the camera owner's decision.
    sees: { petOwner: ['shareCiphertext', 'matchingCameraCell'] },
    audits: 'share.read',
  },
  'GET /api/devices/alerts': { path: () => '/api/devices/alerts', ok: DEVICES },
  // The camera owner's private preview (#19): sealed to their browser's key; the pet owner and everyone else get a 404.
  'GET /api/alerts/{id}/preview': {
    path: (f) => `/api/alerts/${f.alertId}/preview`,
    ok: ['matchingCameraOwner'],
    sees: { matchingCameraOwner: ['previewCiphertext'] },
    audits: 'alert.preview.read',
  },
  'GET /api/me/preview-key': { path: () => '/api/me/preview-key', ok: USERS },
  // The agent's long-poll (#19), answering at once without `wait`: its own camera's requests only.
  'GET /api/devices/share-requests': { path: () => '/api/devices/share-requests', ok: DEVICES },
  'GET /api/devices/searches': { path: () => '/api/devices/searches', ok: DEVICES },
  'GET /api/feed': { path: () => `/api/feed?lat=${CAMERA_POINT.lat}&lng=${CAMERA_POINT.lng}`, ok: ALL },
  'GET /transparency': { path: () => '/transparency', ok: ALL },
  'GET /transparency.json': { path: () => '/transparency.json', ok: ALL },
  // Counts of one's own holdings only.
  'GET /api/me/data': { path: () => '/api/me/data', ok: USERS },
  'GET /api/me/audit': { path: () => '/api/me/audit', ok: USERS },
  'GET /api/me/notifications': { path: () => '/api/me/notifications', ok: USERS },
  // The pet owner's notices (a share, a message) name the pet and their own pages: no camera, cell or person.
  'GET /api/me/inbox': { path: () => '/api/me/inbox', ok: USERS },
  'GET /api/push/vapid-public-key': { path: () => '/api/push/vapid-public-key', ok: ALL },
  'GET /api/me/push-subscriptions': { path: () => '/api/me/push-subscriptions', ok: USERS },
  'GET /api/threads': { path: () => '/api/threads', ok: USERS },
  'GET /api/threads/{id}': { path: (f) => `/api/threads/${f.threadId}`, ok: ['petOwner', 'neighbour'] },
  'GET /api/found-pets/{id}': { path: (f) => `/api/found-pets/${f.foundId}`, ok: ALL },
  'GET /api/found-pets/{id}/photo': { path: (f) => `/api/found-pets/${f.foundId}/photo`, ok: ALL },
  'GET /api/searches/{id}/found-matches': {
    path: (f) => `/api/searches/${f.searchId}/found-matches`,
    ok: ['petOwner'],
  },
  // Counts per coarse area and hour; a lone camera's cell is merged or withheld, so no camera cell shows,
  // the fake account's dummy cameras beside the matching camera notwithstanding.
  'GET /api/searches/{id}/trail': { path: (f) => `/api/searches/${f.searchId}/trail`, ok: ['petOwner'] },
  // Look-alike searches waiting on this one (#13): only its owner decides, and sees nobody's identity.
  'GET /api/searches/{id}/holds': { path: (f) => `/api/searches/${f.searchId}/holds`, ok: ['petOwner'] },
  // Who may be thanked (#19): named by report or share only, never by who they are or where the camera is.
  'GET /api/searches/{id}/thanks/recipients': {
    path: (f) => `/api/searches/${f.searchId}/thanks/recipients`,
    ok: ['petOwner'],
  },
  'GET /api/me/found-pets': { path: () => '/api/me/found-pets', ok: USERS },
  // Guest help (#19): the link opens the guest's own thread only; the sighting's photo is for the pet owner.
  'GET /api/guest/thread': { path: () => '/api/guest/thread', ok: ['guest'] },
  'GET /api/threads/{id}/messages/{messageId}/photo': {
    path: (f) => `/api/threads/${f.guestThreadId}/messages/${f.guestMessageId}/photo`,
    ok: ['petOwner'],
  },
}

// The pet was last seen ~340 m from the matching camera, in the next coarse cell: within reach, yet
// the lost pet's public cell is not the camera's, so a camera cell in a reply can only be a leak.
const PET_POINT = { lat: 51.45832, lng: -0.11537 }
const FAR_POINT = { lat: CAMERA_POINT.lat + 0.3, lng: CAMERA_POINT.lng }

describe.each(testDatabases())('who sees what, on every read route, on $name', (testDb) => {
  let t: TestApp
  let f: Fixture
  const users = {} as Record<Actor, TestUser>
  const tokens = {} as Record<Actor, string>
  const secrets = {} as Record<Secret, string[]>

  const requestAs = (actor: Actor, p: string) => {
    if (DEVICES.includes(actor) || actor === 'guest')
      return t.request(p, { headers: { authorization: `Bearer ${tokens[actor]}` } })
    return t.request(p, actor === 'anonymous' ? {} : { user: users[actor] })
  }

  beforeAll(async () => {
    expect(toCoarseCell(PET_POINT)).not.toBe(toCoarseCell(CAMERA_POINT))
    expect(distanceM(PET_POINT, CAMERA_POINT)).toBeLessThan(450)
    t = await startTestApp(testDb, {
      matching: {
        modelId: DEFAULT_EMBEDDING_MODEL_ID,
        minSimilarity: CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]!,
      },
    })
    const tag = Math.random().toString(36).slice(2, 8)
    for (const actor of USERS) users[actor] = await t.signUp(`${actor}-${tag}`)

    const search = await openCatSearch(t, users.petOwner, { at: PET_POINT })
    const own = await (await t.request(`/api/searches/${search.id}`, { user: users.petOwner })).json()
    const keyPair = await suite.kem.generateKeyPair()
    await t.request(
      `/api/searches/${search.id}/share-key`,
      jsonInit('PUT', { publicKey: b64(await suite.kem.serializePublicKey(keyPair.publicKey)) }, users.petOwner),
    )

    const matching = await pairedCamera(t, users.matchingCameraOwner)
    const other = await pairedCamera(t, users.otherCameraOwner, FAR_POINT)
    tokens.matchingDevice = matching.token
    tokens.otherDevice = other.token
    // The matching camera is an established witness, alone in its cell; the fake account's dummies there
    // (two registered, one paired and sending noise) must not make the trail show that cell.
    await establishCamera(t, matching.camera.id)
    const dummyIds: string[] = []
    for (let i = 0; i < 2; i++) {
      const body = {
        name: 'Dummy',
        cell: matching.camera.area.cell,
        consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
      }
      dummyIds.push(
        ((await (await t.request('/api/cameras', jsonInit('POST', body, users.fakeAccount))).json()) as { id: string })
          .id,
      )
    }
    const fake = await pairedCamera(t, users.fakeAccount)
    tokens.fakeCamera = fake.token
    await sendBatch(t, fake.token, { sightings: [sighting({ species: 'cat', snapshotRef: 'snap-f' })] })
    const embedding = Array.from(
      (
        await (
          await sharedPetPhotoAnalyzer()
        ).findPet(
          await sharp(await catPhoto())
            .flop()
            .toBuffer(),
          'snap',
        )
      ).embedding,
    )
    await sendBatch(t, matching.token, { sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-m' })] })
    await sendBatch(t, other.token, { sightings: [sighting({ species: 'dog', snapshotRef: 'snap-o' })] })
    let alertId: string | undefined
    for (let i = 0; i < 80 && !alertId; i++) {
      alertId = (await (await t.request('/api/alerts', { user: users.matchingCameraOwner })).json()).alerts[0]?.id
      if (!alertId) await new Promise((r) => setTimeout(r, 250))
    }
    expect(alertId).toBeDefined()

    const previewKeys = await suite.kem.generateKeyPair()
    const previewPublicKey = b64(await suite.kem.serializePublicKey(previewKeys.publicKey))
    expect(
      (
        await t.request(
          '/api/me/preview-key',
          jsonInit('PUT', { publicKey: previewPublicKey }, users.matchingCameraOwner),
        )
      ).status,
    ).toBe(200)
    const device = (await (await requestAs('matchingDevice', '/api/devices/alerts')).json()).alerts[0]
    const sealedPreview = await suite.seal(
      { recipientPublicKey: previewKeys.publicKey },
      new Uint8Array(
        await sharp(await catPhoto())
          .resize({ width: 48 })
          .jpeg()
          .toBuffer(),
      ),
    )
    const previewed = await t.request(`/api/devices/alerts/${alertId}/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${matching.token}` },
      body: JSON.stringify({
        enc: b64(sealedPreview.enc),
        ciphertext: b64(sealedPreview.ct),
        keyFingerprint: device.previewKey.fingerprint,
      }),
    })
    expect(previewed.status).toBe(201)
    const sealed = await suite.seal(
      { recipientPublicKey: await suite.kem.deserializePublicKey(Buffer.from(device.shareKey.publicKey, 'base64url')) },
      new Uint8Array(
        await sharp(await catPhoto())
          .resize({ width: 64 })
          .jpeg()
          .toBuffer(),
      ),
    )
    const shared = await t.request(`/api/devices/alerts/${alertId}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${matching.token}` },
      body: JSON.stringify({ snapshotRef: 'snap-m', enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }),
    })
    expect(shared.status).toBe(201)

    expect(
      (
        await t.request(
          `/api/lost-pets/${search.id}/messages`,
          jsonInit('POST', { body: 'I think I saw her by the station' }, users.neighbour),
        )
      ).status,
    ).toBe(201)
    const threadId = (await (await t.request('/api/threads', { user: users.neighbour })).json()).threads[0].id
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date(Date.now() - 600_000).toISOString(),
      lat: String(FAR_POINT.lat + 0.05),
      lng: String(FAR_POINT.lng),
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
    const found = await t.request('/api/found-pets', { method: 'POST', body: form, user: users.neighbour })
    expect(found.status).toBe(201)

    const seen = new FormData()
    for (const [k, v] of Object.entries({
      seenAt: new Date(Date.now() - 600_000).toISOString(),
      lat: String(PET_POINT.lat),
      lng: String(PET_POINT.lng),
      note: `guest note ${tag}`,
    }))
      seen.append(k, v)
    seen.append('photo', new File([new Uint8Array(await catPhoto())], 'seen.jpg', { type: 'image/jpeg' }))
    const guestSent = await t.request(`/api/lost-pets/${search.id}/guest-sightings`, { method: 'POST', body: seen })
    expect(guestSent.status).toBe(201)
    tokens.guest = (await guestSent.json()).token
    const guestThread = await t.database.db
      .selectFrom('relay_messages')
      .select(['id', 'thread_id'])
      .where('body', '=', `guest note ${tag}`)
      .executeTakeFirstOrThrow()

    // The matching camera's agent's check-in (#19), a value no other camera has: it is for its owner only.
    // Later in the future than any request here stores, so the check-ins during the matrix keep it.
    const checkInMarker = new Date(Math.floor(Date.now() / 300_000) * 300_000 + 7 * 86_400_000)
    await t.database.db
      .updateTable('cameras')
      .set({ last_check_in_at: checkInMarker })
      .where('id', '=', matching.camera.id)
      .execute()

    f = {
      searchId: search.id,
      searchPhotoId: own.photos[0].id,
      searchCell: toCoarseCell(PET_POINT),
      matchingCameraId: matching.camera.id,
      otherCameraId: other.camera.id,
      shareId: (await shared.json()).id,
      alertId: alertId!,
      threadId,
      foundId: (await found.json()).id,
      guestThreadId: guestThread.thread_id,
      guestMessageId: guestThread.id,
    }
    const identity = (u: TestUser, name: string) => [u.id, u.email, name]
    Object.assign(secrets, {
      petOwnerIdentity: identity(users.petOwner, `petOwner-${tag}`),
      petExactPoint: [String(PET_POINT.lat), String(PET_POINT.lng)],
      matchingCameraId: [matching.camera.id],
      matchingCameraCell: [matching.camera.area.cell],
      otherCameraId: [other.camera.id],
      otherCameraCell: [other.camera.area.cell],
      alert: [alertId!],
      shareCiphertext: [b64(sealed.ct).slice(0, 40)],
      previewCiphertext: [b64(sealedPreview.ct).slice(0, 40)],
      cameraOwnerIdentities: [
        ...identity(users.matchingCameraOwner, `matchingCameraOwner-${tag}`),
        ...identity(users.otherCameraOwner, `otherCameraOwner-${tag}`),
      ],
      neighbourIdentity: identity(users.neighbour, `neighbour-${tag}`),
      fakeAccountIdentity: identity(users.fakeAccount, `fakeAccount-${tag}`),
      fakeCameraIds: [fake.camera.id, ...dummyIds],
      guestMessage: [`guest note ${tag}`],
      guestToken: [tokens.guest],
      guestThreadId: [guestThread.thread_id],
      agentCheckIn: [checkInMarker.toISOString()],
    })
  }, 120_000)
  afterAll(async () => t?.dispose())

  it('has a row for every read route in the OpenAPI document, and none for a route that is gone', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }
    const reads = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => m === 'get')
        .map((m) => `${m.toUpperCase()} ${p}`),
    )
    expect(Object.keys(MATRIX).sort()).toEqual(reads.sort())
  })

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const row = MATRIX[route]!
    const path = row.path(f)
    for (const actor of ACTORS) {
      const auditBefore = row.audits ? await countAudit(row.audits) : 0
      const res = await requestAs(actor, path)
      const allowed = row.ok.includes(actor)
      expect
        .soft([actor, res.status], `${actor} → ${route}`)
        .toEqual([actor, allowed ? 200 : expect.toSatisfy((s: number) => [401, 403, 404].includes(s))])
      const isJson = (res.headers.get('content-type') ?? '').includes('json')
      const text = isJson ? await res.text() : ''
      if (!allowed) {
        if (row.audits) expect(await countAudit(row.audits)).toBe(auditBefore)
        continue
      }
      const mayShow = new Set<Secret>([...OWN[actor], ...(row.sees?.[actor] ?? [])])
      for (const [secret, values] of Object.entries(secrets) as [Secret, string[]][]) {
        if (mayShow.has(secret)) continue
        for (const value of values) expect.soft(text, `${actor} sees ${secret} on ${route}`).not.toContain(value)
      }
      if (row.check && isJson) row.check(JSON.parse(text), f)
      if (row.audits)
        expect(await countAudit(row.audits), `${actor}'s read of ${route} is audited`).toBe(auditBefore + 1)
    }
  })

  it('tells the pet owner of the share and the messages (a neighbour’s and a guest’s) in-app, and nobody else', async () => {
    const inbox = async (actor: Actor) =>
      ((await (await requestAs(actor, '/api/me/inbox')).json()) as { notices: { kind: string; url: string }[] }).notices
    expect((await inbox('petOwner')).map((n) => n.kind).sort()).toEqual(['relay', 'relay', 'share'])
    for (const actor of ['neighbour', 'matchingCameraOwner', 'otherCameraOwner', 'fakeAccount'] as const)
      expect(await inbox(actor)).toEqual([])
  })

  const countAudit = async (action: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    )
})
