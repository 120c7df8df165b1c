import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { sweepRetention } from '../../src/retention/retention.service.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { b64, suite } from '../support/hpke.ts'
import { catPhoto } from '../support/images.ts'
import { CALIBRATED_MATCHING, firstAlertId, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff

describe.each(testDatabases())('private previews for the camera owner on $name', (testDb) => {
  const t = useTestApp(testDb, {
    matching: CALIBRATED_MATCHING,
  })
  let petOwner: TestUser
  let cameraOwner: TestUser
  let stranger: TestUser
  let alertId: string
  let device: { camera: { id: string }; token: string }
  let otherDevice: { token: string }
  let keyPair: CryptoKeyPair
  let preview: Buffer

  const deviceRequest = (token: string, p: string, init: RequestInit = {}) =>
    t.request(p, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
  const listDeviceAlerts = async (token = device.token) =>
    (await (await deviceRequest(token, '/api/devices/alerts')).json()).alerts
  const upload = (body: unknown, token = device.token, id = alertId) =>
    deviceRequest(token, `/api/devices/alerts/${id}/preview`, { method: 'POST', body: JSON.stringify(body) })
  const seal = async (publicKey: string, bytes: Uint8Array) => {
    const sealed = await suite.seal(
      { recipientPublicKey: await suite.kem.deserializePublicKey(Buffer.from(publicKey, 'base64url')) },
      bytes,
    )
    return { enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }
  }
  const auditActions = async (user: TestUser) =>
    ((await (await t.request('/api/me/audit', { user })).json()).entries as { action: string }[]).map((e) => e.action)

  beforeAll(async () => {
    petOwner = await t.signUp('Pet owner')
    cameraOwner = await t.signUp('Camera owner')
    stranger = await t.signUp('Stranger')
    await openCatSearch(t, petOwner)
    device = await pairedCamera(t, cameraOwner)
    otherDevice = await pairedCamera(t, stranger, { lat: CAMERA_POINT.lat + 0.3, lng: CAMERA_POINT.lng })
    const embedding = await mirroredCatEmbedding(t.petPhotos)
    await sendBatch(t, device.token, { sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-7' })] })
    alertId = (await firstAlertId(t, cameraOwner))!
    expect(alertId).toBeDefined()
    keyPair = await suite.kem.generateKeyPair()
    preview = await sharp(await catPhoto())
      .resize({ width: 320, height: 320, fit: 'inside' })
      .jpeg({ quality: 70 })
      .toBuffer()
  })

  it('registers the camera owner’s preview key, audited with its fingerprint, and tells their device', async () => {
    expect((await (await deviceRequest(device.token, '/api/devices/alerts')).json()).alerts[0].previewKey).toBeNull()
    expect(await (await t.request('/api/me/preview-key', { user: cameraOwner })).json()).toEqual({ key: null })
    expect(
      (await t.request('/api/me/preview-key', jsonInit('PUT', { publicKey: b64(keyPair.publicKey as never) }))).status,
    ).toBe(401)
    expect(
      (await t.request('/api/me/preview-key', jsonInit('PUT', { publicKey: b64(new Uint8Array(16)) }, cameraOwner)))
        .status,
    ).toBe(400)
    const publicKey = b64(await suite.kem.serializePublicKey(keyPair.publicKey))
    const set = await t.request('/api/me/preview-key', jsonInit('PUT', { publicKey }, cameraOwner))
    expect(set.status).toBe(200)
    const { fingerprint } = await set.json()
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/)
    expect((await (await t.request('/api/me/preview-key', { user: cameraOwner })).json()).key).toMatchObject({
      publicKey,
      fingerprint,
    })
    expect(await auditActions(cameraOwner)).toContain('account.preview_key.set')

    const [listed] = await listDeviceAlerts()
    expect(listed.previewKey).toMatchObject({ publicKey, fingerprint, suite: { kem: 'DHKEM(X25519, HKDF-SHA256)' } })
    expect(await listDeviceAlerts(otherDevice.token)).toEqual([])
  })

  it('stores ciphertext only, once, for the alert’s own camera; only the camera owner reads it and opens it with their key', async () => {
    const [listed] = await listDeviceAlerts()
    const sealed = await seal(listed.previewKey.publicKey, new Uint8Array(preview))
    const body = { ...sealed, keyFingerprint: listed.previewKey.fingerprint }

    const plain = await upload({ ...body, ciphertext: b64(preview) })
    expect([plain.status, (await plain.json()).error.code]).toEqual([422, 'IMAGE_NOT_ALLOWED'])
    const huge = await upload({ ...body, ...(await seal(listed.previewKey.publicKey, new Uint8Array(60 * 1024))) })
    expect(huge.status).toBe(413)
    expect((await upload({ ...body, ciphertext: 'A'.repeat(200 * 1024) })).status).toBe(413) // past the route's 160 KB body limit
    expect((await upload({ ...body, ciphertext: 'not base64!' })).status).toBe(400)
    expect((await upload({ ...body, enc: b64(new Uint8Array(8)) })).status).toBe(400)
    expect((await upload({ ...body, keyFingerprint: '0123456789abcdef' })).status).toBe(409)
    expect((await upload({ ...body, extra: 1 })).status).toBe(400)
    expect((await upload(body, otherDevice.token)).status).toBe(404)
    expect((await upload(body, device.token, crypto.randomUUID())).status).toBe(404)
    expect((await t.request(`/api/alerts/${alertId}/preview`, { user: cameraOwner })).status).toBe(404)

    const first = await upload(body)
    expect(first.status).toBe(201)
    const again = await upload(body)
    expect([again.status, (await again.json()).created]).toEqual([200, false])
    expect((await listDeviceAlerts())[0].previewKey).toBeNull()

    // What the database holds is the sealed bytes, not the JPEG.
    const rows = await t.database.db.selectFrom('alert_previews').selectAll().execute()
    expect(rows).toHaveLength(1)
    const stored = new Uint8Array(rows[0]!.ciphertext)
    expect(isJpeg(stored)).toBe(false)
    expect(Buffer.from(stored).equals(Buffer.from(sealed.ciphertext, 'base64url'))).toBe(true)

    for (const user of [petOwner, stranger])
      expect((await t.request(`/api/alerts/${alertId}/preview`, { user })).status).toBe(404)
    expect((await t.request(`/api/alerts/${alertId}/preview`)).status).toBe(401)
    const got = await (await t.request(`/api/alerts/${alertId}/preview`, { user: cameraOwner })).json()
    const opened = new Uint8Array(
      await suite.open(
        { recipientKey: keyPair, enc: Buffer.from(got.enc, 'base64url') },
        Buffer.from(got.ciphertext, 'base64url'),
      ),
    )
    expect(isJpeg(opened)).toBe(true)
    expect(Buffer.from(opened).equals(preview)).toBe(true)
    expect(await auditActions(cameraOwner)).toEqual(
      expect.arrayContaining(['alert.preview.sealed', 'alert.preview.read']),
    )
    expect(await auditActions(petOwner)).not.toContain('alert.preview.read')
  })

  it('asks for a new preview when the key is replaced, deleting the one nobody can open any more', async () => {
    const next = await suite.kem.generateKeyPair()
    const publicKey = b64(await suite.kem.serializePublicKey(next.publicKey))
    expect((await t.request('/api/me/preview-key', jsonInit('PUT', { publicKey }, cameraOwner))).status).toBe(200)
    expect(await auditActions(cameraOwner)).toContain('account.preview_key.changed')
    expect((await t.request(`/api/alerts/${alertId}/preview`, { user: cameraOwner })).status).toBe(404)
    const [listed] = await listDeviceAlerts()
    expect(listed.previewKey.publicKey).toBe(publicKey)
    keyPair = next
    const sealed = await seal(publicKey, new Uint8Array(preview))
    expect((await upload({ ...sealed, keyFingerprint: listed.previewKey.fingerprint })).status).toBe(201)
  })

  it('forgets previews of answered alerts at the retention sweep', async () => {
    const extra = await t.database.db
      .selectFrom('alerts')
      .select(['search_id', 'camera_id'])
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow()
    const answered = await t.database.db
      .insertInto('alerts')
      .values({ ...extra, best_similarity: 0.9, sightings: JSON.stringify([]), status: 'dismissed' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('alert_previews')
      .values({
        alert_id: answered.id,
        camera_id: extra.camera_id,
        camera_owner_id: cameraOwner.id,
        key_fingerprint: '0123456789abcdef',
        enc: 'x',
        ciphertext: new Uint8Array(64),
      })
      .execute()
    await sweepRetention(t.database.db)
    const left = await t.database.db.selectFrom('alert_previews').select('alert_id').execute()
    expect(left.map((r) => r.alert_id)).toEqual([alertId])
  })

  it('deletes the camera’s previews when its consent is revoked, and refuses uploads after', async () => {
    expect((await listDeviceAlerts())[0].previewKey).toBeNull() // already previewed with the current key
    const revoked = await t.request(`/api/cameras/${device.camera.id}/consent`, { method: 'DELETE', user: cameraOwner })
    expect(revoked.status).toBeLessThan(300)
    expect(await t.database.db.selectFrom('alert_previews').select('alert_id').execute()).toEqual([])
    const sealed = await seal(b64(await suite.kem.serializePublicKey(keyPair.publicKey)), new Uint8Array(preview))
    expect([401, 403]).toContain((await upload({ ...sealed, keyFingerprint: '0123456789abcdef' })).status)
  })

  it('deletes the preview key with the account', async () => {
    expect(
      (
        await t.request(
          '/api/me/account',
          jsonInit('DELETE', { password: 'correct horse battery staple' }, cameraOwner),
        )
      ).status,
    ).toBe(204)
    expect(
      await t.database.db.selectFrom('preview_keys').selectAll().where('user_id', '=', cameraOwner.id).execute(),
    ).toEqual([])
  })
})
