import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CameraSchema } from '../../src/cameras/camera.schema.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { toCoarseCell } from '../../src/geo/cells.ts'
import { countSightingsOfCamera } from '../../src/sightings/sighting.repository.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, registerCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

const consent = { version: CAMERA_CONSENT_VERSION, accepted: true }

describe.each(testDatabases())('cameras on $name', (testDb) => {
  const t = useTestApp(testDb)
  let owner: TestUser
  let other: TestUser

  beforeAll(async () => {
    owner = await t.signUp('Camera owner')
    other = await t.signUp('Neighbour')
  })
  // A fresh owner per test: an account may hold only a few cameras in one cell (camera.rules.ts).
  beforeEach(async () => {
    owner = await t.signUp('Camera owner')
  })

  it('serves the consent text with its version', async () => {
    const body = await (await t.request('/api/consent/camera')).json()
    expect(body.version).toBe(CAMERA_CONSENT_VERSION)
    expect(body.text).toContain('never sends images')
  })

  it('stores only the coarse cell of a camera: the exact point is nowhere in the database', async () => {
    const camera = CameraSchema.parse(await registerCamera(t, owner))
    expect(camera.area.cell).toBe(toCoarseCell(CAMERA_POINT))
    expect(camera.consent.status).toBe('active')
    const months = (Date.parse(camera.consent.expiresAt!) - Date.now()) / (30.44 * 86_400_000)
    expect(months).toBeGreaterThan(11.9)
    expect(months).toBeLessThan(12.1)
    const row = await t.database.db
      .selectFrom('cameras')
      .selectAll()
      .where('id', '=', camera.id)
      .executeTakeFirstOrThrow()
    const stored = JSON.stringify(row)
    expect(stored).not.toContain(String(CAMERA_POINT.lat))
    expect(stored).not.toContain(String(CAMERA_POINT.lng))
    // And the response to the owner carries the cell's centre, not the point.
    expect(JSON.stringify(camera)).not.toContain(String(CAMERA_POINT.lat))
  })

  it('accepts a cell computed on the device', async () => {
    const cell = toCoarseCell(CAMERA_POINT)
    const res = await t.request('/api/cameras', jsonInit('POST', { name: 'Garden', cell, consent }, owner))
    expect(res.status).toBe(201)
    expect((await res.json()).area.cell).toBe(cell)
  })

  it.each([
    ['no consent', { name: 'x', location: CAMERA_POINT }, 400],
    ['consent not accepted', { name: 'x', location: CAMERA_POINT, consent: { ...consent, accepted: false } }, 400],
    [
      'an old consent version',
      { name: 'x', location: CAMERA_POINT, consent: { ...consent, version: '2020-01-01' } },
      409,
    ],
    ['both location and cell', { name: 'x', location: CAMERA_POINT, cell: toCoarseCell(CAMERA_POINT), consent }, 400],
    ['neither location nor cell', { name: 'x', consent }, 400],
    ['a fine (resolution 12) cell', { name: 'x', cell: '8c194ad30d06dff', consent }, 400],
    ['not a cell', { name: 'x', cell: 'kitchen', consent }, 400],
    ['retention over 72 hours', { name: 'x', location: CAMERA_POINT, consent, retentionHours: 73 }, 400],
    ['a name of the wrong type', { name: 42, location: CAMERA_POINT, consent }, 400],
  ])('refuses %s and stores nothing', async (_label, body, status) => {
    const before = (await (await t.request('/api/cameras', { user: other })).json()).cameras.length
    const res = await t.request('/api/cameras', jsonInit('POST', body, other))
    expect(res.status).toBe(status)
    expect((await res.json()).error.code).toEqual(expect.any(String))
    expect((await (await t.request('/api/cameras', { user: other })).json()).cameras.length).toBe(before)
  })

  it('refuses malformed JSON with a 400', async () => {
    const res = await t.request('/api/cameras', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
      user: owner,
    })
    expect(res.status).toBe(400)
  })

  it("no response to anyone but the camera's owner contains its cell", async () => {
    const camera = await registerCamera(t, owner)
    const { cell } = camera.area
    const probes = [
      await t.request(`/api/cameras/${camera.id}`, { user: other }),
      await t.request(`/api/cameras/${camera.id}`, jsonInit('PATCH', { name: 'mine now' }, other)),
      await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: other }),
      await t.request(`/api/cameras/${camera.id}/consent`, jsonInit('POST', consent, other)),
      await t.request(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST', user: other }),
      await t.request(`/api/cameras/${camera.id}`),
    ]
    expect(probes.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 401])
    for (const res of probes) expect(await res.text()).not.toContain(cell)
    const list = await (await t.request('/api/cameras', { user: other })).text()
    expect(list).not.toContain(cell)
    expect(list).not.toContain(camera.id)
    const still = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(still.name).toBe('Front door')
    expect(still.consent.status).toBe('active')
  })

  it('pairs a device once per code, and the token is stored only as a hash', async () => {
    const camera = await registerCamera(t, owner)
    const issued = await t.request(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST', user: owner })
    expect(issued.status).toBe(201)
    const { code } = await issued.json()
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    const paired = await t.request('/api/devices/pair', jsonInit('POST', { code: code.toLowerCase() }))
    expect(paired.status).toBe(201)
    const { token, cameraId } = await paired.json()
    expect(cameraId).toBe(camera.id)
    expect(token).toMatch(/^hwd_/)
    const again = await t.request('/api/devices/pair', jsonInit('POST', { code }))
    expect(again.status).toBe(404)
    const stored = await t.database.db
      .selectFrom('device_tokens')
      .selectAll()
      .where('camera_id', '=', camera.id)
      .execute()
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(token)
    const me = await t.request('/api/devices/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    expect((await me.json()).cameraId).toBe(camera.id)
  })

  it('revoking consent deletes the sightings and embeddings at once, stops the token, and says how many', async () => {
    const { camera, token } = await pairedCamera(t, owner)
    const sent = await sendBatch(t, token, { sightings: [sighting(), sighting(), sighting({ species: 'cat' })] })
    expect((await sent.json()).accepted).toBe(3)
    const { camera: mine } = await pairedCamera(t, owner)
    const kept = await sendBatch(t, (await pairedCamera(t, owner)).token, { sightings: [sighting()] })
    expect(kept.status).toBe(200)

    const res = await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: owner })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.deletedSightings).toBe(3)
    expect(body.revokedTokens).toBe(1)
    expect(body.camera.consent.status).toBe('revoked')
    expect(await countSightingsOfCamera(t.database.db, camera.id)).toBe(0)
    expect(mine.id).not.toBe(camera.id)

    const after = await sendBatch(t, token, { sightings: [sighting()] })
    expect(after.status).toBe(401)
    expect(await countSightingsOfCamera(t.database.db, camera.id)).toBe(0)
    expect((await t.request(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST', user: owner })).status).toBe(
      403,
    )

    // Opting in again needs explicit consent and a new pairing.
    const again = await t.request(`/api/cameras/${camera.id}/consent`, jsonInit('POST', consent, owner))
    expect((await again.json()).consent.status).toBe('active')
    expect((await sendBatch(t, token, { sightings: [sighting()] })).status).toBe(401)
  })

  it('records every consent change in the owner’s audit trail, not in anyone else’s', async () => {
    const camera = await registerCamera(t, owner)
    await t.request(`/api/cameras/${camera.id}/consent`, jsonInit('POST', consent, owner))
    await t.request(`/api/cameras/${camera.id}`, jsonInit('PATCH', { retentionHours: 24 }, owner))
    await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: owner })
    const entries = (await (await t.request('/api/me/audit?limit=200', { user: owner })).json()).entries as {
      action: string
      subjectId: string
    }[]
    const actions = entries.filter((e) => e.subjectId === camera.id).map((e) => e.action)
    expect(actions).toEqual([
      'camera.consent.revoked',
      'camera.retention.changed',
      'camera.consent.renewed',
      'camera.consent.given',
    ])
    const theirs = await (await t.request('/api/me/audit', { user: other })).text()
    expect(theirs).not.toContain(camera.id)
  })

  it('shortening retention pulls the expiry of held sightings forward', async () => {
    const { camera, token } = await pairedCamera(t, owner)
    const capturedAt = new Date(Date.now() - 30 * 3600_000).toISOString()
    await sendBatch(t, token, { sightings: [sighting({ capturedAt })] })
    await t.request(`/api/cameras/${camera.id}`, jsonInit('PATCH', { retentionHours: 24 }, owner))
    const row = await t.database.db
      .selectFrom('sightings')
      .select('expires_at')
      .where('camera_id', '=', camera.id)
      .executeTakeFirstOrThrow()
    expect(row.expires_at.getTime()).toBe(Date.parse(capturedAt) + 24 * 3600_000)
  })

  it('a revoked camera frees its place, and giving it consent again must fit the per-cell limit', async () => {
    const cameras = [await registerCamera(t, owner), await registerCamera(t, owner), await registerCamera(t, owner)]
    expect(
      (await t.request('/api/cameras', jsonInit('POST', { name: 'Fourth', location: CAMERA_POINT, consent }, owner)))
        .status,
    ).toBe(409)
    await t.request(`/api/cameras/${cameras[0]!.id}/consent`, { method: 'DELETE', user: owner })
    expect(
      (await t.request('/api/cameras', jsonInit('POST', { name: 'Fourth', location: CAMERA_POINT, consent }, owner)))
        .status,
    ).toBe(201)
    const back = await t.request(`/api/cameras/${cameras[0]!.id}/consent`, jsonInit('POST', consent, owner))
    expect(back.status).toBe(409)
    expect(
      CameraSchema.parse(await (await t.request(`/api/cameras/${cameras[0]!.id}`, { user: owner })).json()).consent
        .status,
    ).toBe('revoked')
  })
})
