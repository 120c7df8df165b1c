import fs from 'node:fs/promises'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { deliverNotification } from '../../src/notifications/notification.service.ts'
import { checkPushSubscription, vapidSubject } from '../../src/push/push.rules.ts'
import { loadOrCreateVapidKeys } from '../../src/push/vapid-keys.ts'
import { BASE_URL, jsonInit, startTestApp, type TestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { CALIBRATED_MATCHING, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'
import {
  browserSubscriptionKeys,
  decryptPushMessage,
  selfSignedCertificate,
  verifyVapidAuthorization,
} from './support.ts'

const P256 = `B${'A'.repeat(86)}` // 65 bytes, first byte 0x04
const AUTH = 'A'.repeat(22) // 16 bytes

describe('push subscriptions', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc', P256, AUTH, undefined],
    ['http://fcm.googleapis.com/fcm/send/abc', P256, AUTH, 'endpoint: must be https'],
    ['https://127.0.0.1:8443/push', P256, AUTH, 'endpoint: must be a public address'],
    ['https://192.168.1.4/push', P256, AUTH, 'endpoint: must be a public address'],
    ['not a url', P256, AUTH, 'endpoint: is not a URL'],
    [
      'https://push.example.net/x',
      'AAAA',
      AUTH,
      'keys.p256dh: must be a base64url uncompressed P-256 public key (65 bytes)',
    ],
    [
      'https://push.example.net/x',
      `A${'A'.repeat(86)}`,
      AUTH,
      'keys.p256dh: must be a base64url uncompressed P-256 public key (65 bytes)',
    ],
    ['https://push.example.net/x', P256, 'AAAA', 'keys.auth: must be a base64url 16-byte secret'],
  ])('%s → %s', (endpoint, p256dh, auth, problem) =>
    expect(checkPushSubscription({ endpoint, keys: { p256dh, auth } }, false)).toBe(problem),
  )

  it('allows a private endpoint when the operator allows private webhooks', () =>
    expect(
      checkPushSubscription({ endpoint: 'https://127.0.0.1:8443/push', keys: { p256dh: P256, auth: AUTH } }, true),
    ).toBeUndefined())

  it('names the sender by https URL or else by mail address', () => {
    expect(vapidSubject('https://homeward.example.org', 'x@y')).toBe('https://homeward.example.org')
    expect(vapidSubject('http://localhost:8787', 'Homeward <alerts@homeward.example.org>')).toBe(
      'mailto:alerts@homeward.example.org',
    )
  })

  it('makes the VAPID key pair once and keeps it across restarts', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-vapid-'))
    try {
      const first = await loadOrCreateVapidKeys(dir)
      expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65)
      expect(await loadOrCreateVapidKeys(dir)).toEqual(first)
      expect((await fs.stat(path.join(dir, 'vapid-keys.json'))).mode & 0o777).toBe(0o600)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

const tls = await selfSignedCertificate()
if (!tls) console.info('openssl is not installed: the Web Push delivery test (an https fake push service) is skipped')

describe.skipIf(!tls).each(testDatabases())('Web Push alerts on $name', (testDb) => {
  let t: TestApp
  let pushService: https.Server
  let origin: string
  const received: { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer }[] = []
  // The first try at /push/kept fails, so the retry is seen; /push/gone answers like a forgotten subscription.
  let keptFailures = 1

  beforeAll(async () => {
    pushService = https.createServer({ key: tls!.key, cert: tls!.cert }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
        res.statusCode = req.url === '/push/gone' ? 410 : keptFailures-- > 0 ? 503 : 201
        res.end()
      })
    })
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r))
    origin = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}`
    t = await startTestApp(testDb, {
      vision: 'fake',
      matching: CALIBRATED_MATCHING,
      notifications: { pushCa: tls!.cert },
    })
  })
  afterAll(async () => {
    await t?.dispose()
    pushService?.close()
  })

  it('serves the VAPID public key to anyone, and takes subscriptions only from a signed-in user with valid keys', async () => {
    expect(await (await t.request('/api/push/vapid-public-key')).json()).toEqual({ publicKey: t.vapid.publicKey })
    const keys = await browserSubscriptionKeys()
    const body = { endpoint: `${origin}/push/x`, expirationTime: null, keys: keys.json }
    expect((await t.request('/api/me/push-subscriptions', jsonInit('POST', body))).status).toBe(401)
    const user = await t.signUp()
    for (const bad of [
      { ...body, endpoint: `http://127.0.0.1:1/push` },
      { ...body, keys: { ...keys.json, auth: 'AAAA' } },
      { ...body, extra: 1 },
    ]) {
      const res = await t.request('/api/me/push-subscriptions', jsonInit('POST', bad, user))
      expect(res.status).toBe(400)
    }
    expect(await (await t.request('/api/me/push-subscriptions', { user })).json()).toEqual({ subscriptions: [] })
    const created = await t.request('/api/me/push-subscriptions', jsonInit('POST', body, user))
    expect(created.status).toBe(201)
    const { id } = await created.json()
    const listed = (await (await t.request('/api/me/push-subscriptions', { user })).json()).subscriptions
    expect(listed).toEqual([{ id, service: new URL(origin).host, createdAt: expect.any(String) }])
    expect(
      (await t.request(`/api/me/push-subscriptions/${id}`, { method: 'DELETE', user: await t.signUp() })).status,
    ).toBe(404)
    expect((await t.request(`/api/me/push-subscriptions/${id}`, { method: 'DELETE', user })).status).toBe(204)
    expect(await t.database.db.selectFrom('push_subscriptions').select('id').where('id', '=', id).execute()).toEqual([])
  })

  it(
    'pushes the alert encrypted to each browser, signed with VAPID, retrying once, and forgets a subscription answered 410',
    { timeout: 60_000 },
    async () => {
      const petOwner = await t.signUp('Pet owner')
      const cameraOwner = await t.signUp('Camera owner')
      await t.request('/api/me/notifications', jsonInit('PUT', { emailEnabled: false }, cameraOwner))
      const kept = await browserSubscriptionKeys()
      const gone = await browserSubscriptionKeys()
      for (const [name, keys] of [
        ['kept', kept],
        ['gone', gone],
      ] as const)
        expect(
          (
            await t.request(
              '/api/me/push-subscriptions',
              jsonInit('POST', { endpoint: `${origin}/push/${name}`, keys: keys.json }, cameraOwner),
            )
          ).status,
        ).toBe(201)

      const search = await openCatSearch(t, petOwner, {
        at: { lat: CAMERA_POINT.lat + 0.0004, lng: CAMERA_POINT.lng - 0.0003 },
      })
      const { token } = await pairedCamera(t, cameraOwner)
      const embedding = await mirroredCatEmbedding(t.petPhotos)
      const capturedAt = new Date(Date.now() - 120_000).toISOString()
      await sendBatch(t, token, {
        sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-push', capturedAt })],
      })

      const pushRows = () =>
        t.database.db
          .selectFrom('notification_outbox')
          .selectAll()
          .where('channel', '=', 'push')
          .where('user_id', '=', cameraOwner.id)
          .execute()
      const settled = async () => {
        const rows = await pushRows()
        return (
          rows.length === 2 && rows.some((r) => r.status === 'sent') && received.some((r) => r.path === '/push/gone')
        )
      }
      for (let i = 0; i < 160 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 250))
      expect(await settled()).toBe(true)

      const toKept = received.filter((r) => r.path === '/push/kept')
      expect(toKept).toHaveLength(2) // a 503, then the retry
      for (const push of toKept) {
        expect(push.headers['content-encoding']).toBe('aes128gcm')
        expect(push.headers.ttl).toBe('86400')
        expect(push.headers.urgency).toBe('high')
        const vapid = await verifyVapidAuthorization(String(push.headers.authorization), t.vapid.publicKey)
        expect(vapid.valid).toBe(true)
        expect(vapid.header).toMatchObject({ alg: 'ES256', typ: 'JWT' })
        expect(vapid.claims.aud).toBe(origin)
        expect(vapid.claims.sub).toBe('mailto:test@homeward.invalid')
        expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now())
      }
      // Both tries carry one topic, so the push service shows the alert once even if both got through.
      expect(new Set(toKept.map((p) => p.headers.topic)).size).toBe(1)

      const plaintext = await decryptPushMessage(toKept[1]!.body, kept)
      const payload = JSON.parse(plaintext)
      const alertId = (await (await t.request('/api/alerts', { user: cameraOwner })).json()).alerts[0].id
      expect(payload).toEqual({
        type: 'alert.opened',
        alertId,
        pet: {
          name: 'Chelsea',
          species: 'cat',
          photoUrl: expect.stringMatching(new RegExp(`^${BASE_URL}/api/lost-pets/${search.id}/photos/[0-9a-f-]+$`)),
        },
        sighting: { capturedAt },
      })
      for (const secret of [petOwner.id, petOwner.email, String(CAMERA_POINT.lat + 0.0004), 'snap-push'])
        expect(plaintext).not.toContain(secret)
      await expect(decryptPushMessage(toKept[1]!.body, gone)).rejects.toThrow()

      // 410: the subscription is deleted, its row is left undelivered, and nothing retries it.
      const subscriptions = (await (await t.request('/api/me/push-subscriptions', { user: cameraOwner })).json())
        .subscriptions
      expect(subscriptions).toHaveLength(1)
      const rows = await pushRows()
      const sent = rows.find((r) => r.status === 'sent')!
      expect(sent.attempts).toBe(2)
      expect(rows.find((r) => r.status === 'pending')!.push_subscription_id).toBeNull()
      expect(received.filter((r) => r.path === '/push/gone')).toHaveLength(1)

      // A job run again after a crash finds the row sent and pushes nothing.
      const channels = createChannels({ from: 'x@homeward.invalid', logDir: t.mailDir }, BASE_URL, {
        push: { vapid: t.vapid, subject: 'mailto:x@y', publicUrl: BASE_URL, ca: tls!.cert },
        outbound: { allowPrivate: true },
      })
      const before = received.length
      expect(await deliverNotification({ db: t.database.db, channels }, sent.id)).toBe('already-sent')
      expect(received.length).toBe(before)
    },
  )
})
