import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, sharedPetPhotoAnalyzer, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { b64, suite } from '../support/hpke.ts'
import { catPhoto } from '../support/images.ts'
import { CALIBRATED_MATCHING, firstAlertId, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

const fingerprintOf = (publicKey: string) =>
  createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16)

// Issue #20: a key swap must be audited and visible to the camera owner, and concurrent uploads a 409.
describe.each(testDatabases())('share keys and concurrent shares on $name', (testDb) => {
  let t: TestApp
  let petOwner: TestUser
  let searchId: string
  const cameras: { owner: TestUser; token: string; alertId: string }[] = []

  const deviceRequest = (token: string, p: string, init: RequestInit = {}) =>
    t.request(p, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
  const newKey = async () => b64(await suite.kem.serializePublicKey((await suite.kem.generateKeyPair()).publicKey))
  const sealFor = async (publicKey: string, snapshotRef: string) => {
    const snapshot = await sharp(await catPhoto())
      .resize({ width: 120 })
      .jpeg()
      .toBuffer()
    const sealed = await suite.seal(
      { recipientPublicKey: await suite.kem.deserializePublicKey(Buffer.from(publicKey, 'base64url')) },
      new Uint8Array(snapshot),
    )
    return { snapshotRef, enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }
  }

  beforeAll(async () => {
    t = await startTestApp(testDb, {
      matching: CALIBRATED_MATCHING,
    })
    petOwner = await t.signUp('Pet owner')
    searchId = (await openCatSearch(t, petOwner)).id
    const embedding = await mirroredCatEmbedding(await sharedPetPhotoAnalyzer())
    for (const name of ['Camera owner 1', 'Camera owner 2']) {
      const owner = await t.signUp(name)
      const { token } = await pairedCamera(t, owner)
      await sendBatch(t, token, { sightings: [sighting({ species: 'cat', embedding, snapshotRef: 'snap-1' })] })
      const alertId = await firstAlertId(t, owner)
      expect(alertId).toBeDefined()
      cameras.push({ owner, token, alertId: alertId! })
    }
  })
  afterAll(async () => t?.dispose())

  it('audits every key set and change for the owner, and shows the fingerprint and the change to the camera', async () => {
    const first = await newKey()
    const set = await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey: first }, petOwner))
    expect(set.status).toBe(200)
    expect((await set.json()).fingerprint).toBe(fingerprintOf(first))
    const [camera] = cameras
    const listed = async () =>
      (await (await deviceRequest(camera!.token, '/api/devices/alerts')).json()).alerts[0].shareKey
    expect(await listed()).toMatchObject({
      publicKey: first,
      fingerprint: fingerprintOf(first),
      changedSinceAlert: false,
    })

    const second = await newKey()
    expect(
      (await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey: second }, petOwner))).status,
    ).toBe(200)
    const audit = (await (await t.request('/api/me/audit', { user: petOwner })).json()).entries as {
      action: string
      subjectId: string
      details: Record<string, unknown>
    }[]
    const keyEntries = audit.filter((e) => e.action.startsWith('search.share_key.') && e.subjectId === searchId)
    expect(keyEntries.map((e) => e.action)).toEqual(['search.share_key.changed', 'search.share_key.set'])
    expect(keyEntries[0]!.details).toEqual({
      fingerprint: fingerprintOf(second),
      previousFingerprint: fingerprintOf(first),
    })
    expect(await listed()).toMatchObject({
      publicKey: second,
      fingerprint: fingerprintOf(second),
      changedSinceAlert: true,
    })

    // Sealed without confirming the new key, or to the old one: refused; confirmed: shared.
    const share = (body: unknown) =>
      deviceRequest(camera!.token, `/api/devices/alerts/${camera!.alertId}/share`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    const sealed = await sealFor(second, 'snap-1')
    expect((await share(sealed)).status).toBe(409)
    expect((await share({ ...sealed, keyFingerprint: fingerprintOf(first) })).status).toBe(409)
    expect((await share({ ...sealed, keyFingerprint: fingerprintOf(second) })).status).toBe(201)
  })

  it('answers concurrent uploads for one alert with one share and 409s, never a 500', async () => {
    const camera = cameras[1]!
    const { publicKey, fingerprint } = (await (await deviceRequest(camera.token, '/api/devices/alerts')).json())
      .alerts[0].shareKey
    const bodies = await Promise.all(Array.from({ length: 4 }, () => sealFor(publicKey, 'snap-1')))
    const statuses = await Promise.all(
      bodies.map(
        async (body) =>
          (
            await deviceRequest(camera.token, `/api/devices/alerts/${camera.alertId}/share`, {
              method: 'POST',
              body: JSON.stringify({ ...body, keyFingerprint: fingerprint }),
            })
          ).status,
      ),
    )
    expect(statuses.sort()).toEqual([201, 409, 409, 409])
    expect(
      (await (await t.request(`/api/searches/${searchId}/shares`, { user: petOwner })).json()).shares,
    ).toHaveLength(2)
  })
})
