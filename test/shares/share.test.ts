import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { b64, suite } from '../support/hpke.ts'
import { catPhoto } from '../support/images.ts'
import { CALIBRATED_MATCHING, firstAlertId, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

describe.each(testDatabases())('encrypted snapshot shares on $name', (testDb) => {
  const t = useTestApp(testDb, {
    matching: CALIBRATED_MATCHING,
  })
  let petOwner: TestUser
  let cameraOwner: TestUser
  let searchId: string
  let alertId: string
  let device: { camera: { id: string }; token: string }
  let otherDevice: { token: string }

  const deviceRequest = (token: string, p: string, init: RequestInit = {}) =>
    t.request(p, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(init.headers as Record<string, string>),
      },
    })

  beforeAll(async () => {
    petOwner = await t.signUp('Pet owner')
    cameraOwner = await t.signUp('Camera owner')
    searchId = (await openCatSearch(t, petOwner)).id
    device = await pairedCamera(t, cameraOwner)
    otherDevice = await pairedCamera(t, await t.signUp('Another camera owner'), {
      lat: CAMERA_POINT.lat + 0.3,
      lng: CAMERA_POINT.lng,
    })
    const embedding = await mirroredCatEmbedding(t.petPhotos)
    await sendBatch(t, device.token, { sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-42' })] })
    alertId = (await firstAlertId(t, cameraOwner))!
    expect(alertId).toBeDefined()
  })

  it('lets only the camera owner ask their agent to share a pending alert, audited, and tells the agent', async () => {
    const request = (user?: TestUser, id = alertId) =>
      t.request(`/api/alerts/${id}/share-request`, { method: 'POST', ...(user && { user }) })
    expect((await request()).status).toBe(401)
    expect((await request(petOwner)).status).toBe(404)
    expect((await request(cameraOwner, crypto.randomUUID())).status).toBe(404)
    expect((await (await deviceRequest(device.token, '/api/devices/alerts')).json()).alerts[0].shareRequested).toBe(
      false,
    )

    const first = await request(cameraOwner)
    expect(first.status).toBe(202)
    const { shareRequestedAt } = await first.json()
    // Asking again keeps the first time.
    expect(await (await request(cameraOwner)).json()).toEqual({ shareRequestedAt })
    expect((await (await deviceRequest(device.token, '/api/devices/alerts')).json()).alerts[0]).toMatchObject({
      id: alertId,
      shareRequested: true,
    })
    expect((await (await t.request('/api/alerts', { user: cameraOwner })).json()).alerts[0].shareRequestedAt).toBe(
      shareRequestedAt,
    )
    const audit = (await (await t.request('/api/me/audit', { user: cameraOwner })).json()).entries as {
      action: string
      subjectId: string
    }[]
    expect(
      audit.filter((e) => e.action === 'alert.share.requested' && e.subjectId === alertId).length,
    ).toBeGreaterThanOrEqual(1)
  })

  it('seals on the camera side, stores ciphertext only, and opens only with the pet owner’s private key', async () => {
    const before = (await (await deviceRequest(device.token, '/api/devices/alerts')).json()).alerts[0]
    expect(before.shareKey).toBeNull()
    const shareReady = async () =>
      (await (await t.request('/api/alerts', { user: cameraOwner })).json()).alerts[0].shareReady
    expect(await shareReady()).toBe(false)
    expect(
      (
        await deviceRequest(device.token, `/api/devices/alerts/${alertId}/share`, {
          method: 'POST',
          body: JSON.stringify({
            snapshotRef: 'snap-42',
            enc: b64(new Uint8Array(32)),
            ciphertext: b64(new Uint8Array(64)),
          }),
        })
      ).status,
    ).toBe(409)

    // The pet owner's device makes the key pair; only the public key is sent.
    const keyPair = await suite.kem.generateKeyPair()
    const publicKey = b64(await suite.kem.serializePublicKey(keyPair.publicKey))
    expect(
      (await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey }, cameraOwner))).status,
    ).toBe(404)
    expect(
      (
        await t.request(
          `/api/searches/${searchId}/share-key`,
          jsonInit('PUT', { publicKey: b64(new Uint8Array(16)) }, petOwner),
        )
      ).status,
    ).toBe(400)
    expect(
      (await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey }, petOwner))).status,
    ).toBe(200)
    expect(await shareReady()).toBe(true)

    const pending = (await (await deviceRequest(device.token, '/api/devices/alerts')).json()).alerts
    expect(pending.map((a: { id: string }) => a.id)).toEqual([alertId])
    expect(pending[0].shareKey.publicKey).toBe(publicKey)
    expect((await (await deviceRequest(otherDevice.token, '/api/devices/alerts')).json()).alerts).toEqual([])

    const snapshot = await sharp(await catPhoto())
      .resize({ width: 200 })
      .jpeg()
      .toBuffer()
    const recipient = await suite.kem.deserializePublicKey(Buffer.from(pending[0].shareKey.publicKey, 'base64url'))
    const sealed = await suite.seal({ recipientPublicKey: recipient }, new Uint8Array(snapshot))
    const body = { snapshotRef: 'snap-42', enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }

    const plain = await deviceRequest(device.token, `/api/devices/alerts/${alertId}/share`, {
      method: 'POST',
      body: JSON.stringify({ ...body, ciphertext: b64(snapshot) }),
    })
    expect(plain.status).toBe(422)
    expect((await plain.json()).error.code).toBe('IMAGE_NOT_ALLOWED')
    expect(
      (
        await deviceRequest(otherDevice.token, `/api/devices/alerts/${alertId}/share`, {
          method: 'POST',
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await deviceRequest(device.token, `/api/devices/alerts/${alertId}/share`, {
          method: 'POST',
          body: JSON.stringify({ ...body, snapshotRef: 'snap-other' }),
        })
      ).status,
    ).toBe(400)
    expect((await (await t.request(`/api/searches/${searchId}/shares`, { user: petOwner })).json()).shares).toEqual([])

    const shared = await deviceRequest(device.token, `/api/devices/alerts/${alertId}/share`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
    expect(shared.status).toBe(201)
    expect(
      (
        await deviceRequest(device.token, `/api/devices/alerts/${alertId}/share`, {
          method: 'POST',
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(409)

    // What the server holds is the sealed bytes, not the image.
    const stored = (await fs.readdir(path.join(t.storageDir, 'shares'))).map((f) =>
      path.join(t.storageDir, 'shares', f),
    )
    expect(stored).toHaveLength(1)
    const held = await fs.readFile(stored[0]!)
    expect(held.equals(Buffer.from(sealed.ct))).toBe(true)
    expect(held.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false)

    const list = (await (await t.request(`/api/searches/${searchId}/shares`, { user: petOwner })).json()).shares
    expect(list).toHaveLength(1)
    const cameraCell = (await (await t.request(`/api/cameras/${device.camera.id}`, { user: cameraOwner })).json()).area
      .cell
    expect(list[0].area.cell).toBe(cameraCell)
    expect(JSON.stringify(list)).not.toContain(device.camera.id)
    expect((await t.request(`/api/searches/${searchId}/shares/${list[0].id}`, { user: cameraOwner })).status).toBe(404)

    const got = await (await t.request(`/api/searches/${searchId}/shares/${list[0].id}`, { user: petOwner })).json()
    const opened = await suite.open(
      { recipientKey: keyPair, enc: Buffer.from(got.enc, 'base64url') },
      Buffer.from(got.ciphertext, 'base64url'),
    )
    expect(Buffer.from(opened).equals(snapshot)).toBe(true)

    const alerts = (await (await t.request('/api/alerts', { user: cameraOwner })).json()).alerts
    expect(alerts[0].status).toBe('shared')
    const audit = (await (await t.request('/api/me/audit', { user: cameraOwner })).json()).entries.map(
      (e: { action: string }) => e.action,
    )
    expect(audit).toEqual(expect.arrayContaining(['alert.snapshot.shared', 'share.read']))
    expect(
      (await t.request(`/api/alerts/${alertId}/share-request`, { method: 'POST', user: cameraOwner })).status,
    ).toBe(409)
  })
})
