import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { checkWebhookUrl } from '../../src/outbound/address.rules.ts'
import { deliverNotification } from '../../src/notifications/notification.service.ts'
import { BASE_URL, jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { CALIBRATED_MATCHING, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.example.net/homeward', undefined],
    ['ftp://example.net/x', 'must be http or https'],
    ['http://127.0.0.1:8123/api/webhook', 'must be a public address'],
    ['http://192.168.1.20/hook', 'must be a public address'],
    ['http://[::1]/hook', 'must be a public address'],
    ['http://localhost/hook', 'must be a public address'],
    ['https://user:pw@example.net/', 'must not carry credentials'],
    ['not a url', 'is not a URL'],
  ])('%s → %s', (url, problem) => expect(checkWebhookUrl(url, false)).toBe(problem))
  it('allows private addresses when the operator says so', () =>
    expect(checkWebhookUrl('http://127.0.0.1:9/x', true)).toBeUndefined())
})

describe.each(testDatabases())('alert notifications on $name', (testDb) => {
  let t: TestApp
  let receiver: http.Server
  let receiverUrl: string
  const deliveries: { id: string; body: string; verified: boolean }[] = []
  let failNext = 1
  let secret = ''

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        let verified: boolean
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>)
          verified = true
        } catch {
          verified = false
        }
        deliveries.push({ id: String(req.headers['webhook-id']), body, verified })
        res.statusCode = failNext-- > 0 ? 503 : 204
        res.end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    t = await startTestApp(testDb, {
      vision: 'fake',
      matching: CALIBRATED_MATCHING,
      notifications: {},
    })
  })
  afterAll(async () => {
    await t?.dispose()
    receiver?.close()
  })

  it('emails the camera owner and calls their signed webhook once per alert, retrying a failed delivery', async () => {
    const petOwner: TestUser = await t.signUp('Pet owner')
    const cameraOwner = await t.signUp('Camera owner')
    const settings = await (
      await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: receiverUrl }, cameraOwner))
    ).json()
    expect(settings).toMatchObject({ emailEnabled: true, webhookUrl: receiverUrl })
    secret = settings.webhookSecret
    expect(secret).toMatch(/^whsec_/)
    expect(
      (await (await t.request('/api/me/notifications', { user: cameraOwner })).json()).webhookSecret,
    ).toBeUndefined()
    expect(
      (await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: 'ftp://x' }, cameraOwner))).status,
    ).toBe(400)

    await openCatSearch(t, petOwner)
    const { token } = await pairedCamera(t, cameraOwner)
    const embedding = await mirroredCatEmbedding(t.petPhotos)
    await sendBatch(t, token, { sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-77' })] })

    const outbox = async () => t.database.db.selectFrom('notification_outbox').selectAll().execute()
    for (let i = 0; i < 100 && (await outbox()).filter((r) => r.status === 'sent').length < 2; i++)
      await new Promise((r) => setTimeout(r, 250))
    const rows = await outbox()
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['email', 'sent'],
      ['webhook', 'sent'],
    ])
    expect(rows.find((r) => r.channel === 'webhook')!.attempts).toBe(2)

    // The failed try and its retry carry the same webhook-id, so a receiver counts one notification.
    expect(deliveries).toHaveLength(2)
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(1)
    expect(deliveries.every((d) => d.verified)).toBe(true)
    const payload = JSON.parse(deliveries[1]!.body)
    expect(payload).toMatchObject({
      type: 'alert.opened',
      pet: { name: 'Chelsea', species: 'cat' },
      sighting: { snapshotRef: 'snap-77' },
    })
    expect(deliveries[1]!.body).not.toContain(petOwner.email)
    expect(deliveries[1]!.body).not.toContain(petOwner.id)

    const mail = await fs.readdir(t.mailDir)
    expect(mail).toHaveLength(1)
    const eml = await fs.readFile(`${t.mailDir}/${mail[0]}`, 'utf8')
    expect(eml).toContain(cameraOwner.email)
    expect(eml).toContain('Chelsea')
    expect(eml).not.toContain(petOwner.email)

    // A job that runs again after a crash finds the row sent and sends nothing.
    const channels = createChannels({ from: 'x@homeward.invalid', logDir: t.mailDir }, BASE_URL)
    for (const row of rows)
      expect(await deliverNotification({ db: t.database.db, channels }, row.id)).toBe('already-sent')
    expect(deliveries).toHaveLength(2)
    expect(await fs.readdir(t.mailDir)).toHaveLength(1)
  })

  it('notifies the camera owner of an alert a private-mode agent reported, by email and webhook', async () => {
    const place = { lat: CAMERA_POINT.lat - 0.3, lng: CAMERA_POINT.lng + 0.3 }
    const cameraOwner = await t.signUp('Private camera owner')
    const settings = await (
      await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: receiverUrl }, cameraOwner))
    ).json()
    secret = settings.webhookSecret
    const { camera, token } = await pairedCamera(t, cameraOwner, place)
    const search = await openCatSearch(t, await t.signUp('Private pet owner'), {
      fields: { name: 'Private' },
      at: place,
    })
    const mailBefore = new Set(await fs.readdir(t.mailDir))
    const delivered = deliveries.length

    const report = { clientId: 'private-0042', searchId: search.id, matchedAt: new Date().toISOString(), score: 0.91 }
    const res = await t.request('/api/devices/private-matches', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ matches: [report] }),
    })
    expect(await res.json()).toEqual({ accepted: 1, ignored: 0 })

    const [alert] = await t.database.db.selectFrom('alerts').select('id').where('camera_id', '=', camera.id).execute()
    expect(alert).toBeDefined()
    const sent = async () =>
      (
        await t.database.db
          .selectFrom('notification_outbox')
          .select(['channel', 'status'])
          .where('user_id', '=', cameraOwner.id)
          .execute()
      ).filter((r) => r.status === 'sent')
    for (let i = 0; i < 100 && (await sent()).length < 2; i++) await new Promise((r) => setTimeout(r, 250))
    expect((await sent()).map((r) => r.channel).sort()).toEqual(['email', 'webhook'])
    const webhook = deliveries.slice(delivered)
    expect(webhook).toHaveLength(1)
    expect(webhook[0]!.verified).toBe(true)
    expect(JSON.parse(webhook[0]!.body)).toMatchObject({
      type: 'alert.opened',
      alertId: alert!.id,
      pet: { name: 'Private' },
      sighting: { snapshotRef: 'private-0042' },
    })
    const mail = (await fs.readdir(t.mailDir)).filter((f) => !mailBefore.has(f))
    expect(mail).toHaveLength(1)
    expect(await fs.readFile(`${t.mailDir}/${mail[0]}`, 'utf8')).toContain(cameraOwner.email)
  })
})
