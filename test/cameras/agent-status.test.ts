import { describe, expect, it } from 'vitest'
import { CameraSchema } from '../../src/cameras/camera.schema.ts'
import { CHECK_IN_STEP_MS, coarseCheckIn } from '../../src/cameras/check-in.rules.ts'
import { jsonInit, useTestApp } from '../support/app.ts'
import { pairedCamera, registerCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

const MINUTE = 60_000

describe.each(testDatabases())('camera agent status on $name', (testDb) => {
  // A clock the test moves: the check-in is stored coarsely, so steps of minutes matter.
  let now = new Date(Math.floor(Date.now() / CHECK_IN_STEP_MS) * CHECK_IN_STEP_MS + 60_000)
  const t = useTestApp(testDb, { now: () => now })
  const me = (token: string) => t.request('/api/devices/me', { headers: { authorization: `Bearer ${token}` } })
  const storedCheckIn = async (cameraId: string) =>
    (
      await t.database.db
        .selectFrom('cameras')
        .select('last_check_in_at')
        .where('id', '=', cameraId)
        .executeTakeFirstOrThrow()
    ).last_check_in_at

  it('says "not paired" until an agent pairs, then paired but not yet checked in', async () => {
    const owner = await t.signUp('Camera owner')
    const camera = CameraSchema.parse(await registerCamera(t, owner))
    expect(camera.agent).toMatchObject({ paired: false, online: false, lastCheckInAt: null, sightingsToday: 0 })
    const code = (
      await (await t.request(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST', user: owner })).json()
    ).code as string
    expect((await t.request('/api/devices/pair', jsonInit('POST', { code }))).status).toBe(201)
    const read = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(read.agent).toMatchObject({ paired: true, online: false, lastCheckInAt: null })
  })

  it('records the check-in rounded down to 5 minutes, keeps only the latest, and shows the owner online', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    expect((await me(token)).status).toBe(200)
    const first = await storedCheckIn(camera.id)
    expect(first).toEqual(coarseCheckIn(now))
    expect(first!.getTime() % CHECK_IN_STEP_MS).toBe(0)

    // Within the same step the stored value stays as it is (no write needed); a later step replaces it.
    now = new Date(now.getTime() + 2 * MINUTE)
    await me(token)
    expect(await storedCheckIn(camera.id)).toEqual(first)
    now = new Date(now.getTime() + CHECK_IN_STEP_MS)
    await me(token)
    const second = await storedCheckIn(camera.id)
    expect(second).toEqual(coarseCheckIn(now))
    expect(second!.getTime()).toBeGreaterThan(first!.getTime())

    const read = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(read.agent).toMatchObject({ paired: true, online: true, lastCheckInAt: second!.toISOString() })
    const listed = (await (await t.request('/api/cameras', { user: owner })).json()).cameras.find(
      (c: { id: string }) => c.id === camera.id,
    )
    expect(listed.agent.online).toBe(true)

    // Quiet for 15 minutes: offline, with the last check-in still shown.
    now = new Date(now.getTime() + 16 * MINUTE)
    const later = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(later.agent).toMatchObject({ paired: true, online: false, lastCheckInAt: second!.toISOString() })
  })

  it('counts the sightings sent today', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    const capturedAt = new Date(now.getTime() - MINUTE).toISOString()
    const res = await sendBatch(t, token, { sightings: [sighting({ capturedAt }), sighting({ capturedAt })] })
    expect(res.status).toBeLessThan(300)
    const read = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(read.agent.sightingsToday).toBe(2)
    expect(read.agent.timeZone).toBe('UTC')
  })

  it('shows the status to the camera owner only', async () => {
    const owner = await t.signUp('Camera owner')
    const other = await t.signUp('Neighbour')
    const { camera, token } = await pairedCamera(t, owner)
    await me(token)
    expect((await t.request(`/api/cameras/${camera.id}`, { user: other })).status).toBe(404)
    expect((await t.request(`/api/cameras/${camera.id}`)).status).toBe(401)
    const theirs = await (await t.request('/api/cameras', { user: other })).json()
    expect(JSON.stringify(theirs)).not.toContain(camera.id)
    // The device's own view says nothing of its check-ins either.
    expect(JSON.stringify(await (await me(token)).json())).not.toContain('lastCheckIn')
  })

  it('stops recording check-ins once consent is revoked: the token is refused', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    expect((await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: owner })).status).toBe(200)
    now = new Date(now.getTime() + CHECK_IN_STEP_MS)
    const before = await storedCheckIn(camera.id)
    expect((await me(token)).status).toBe(401)
    expect(await storedCheckIn(camera.id)).toEqual(before)
    const read = CameraSchema.parse(await (await t.request(`/api/cameras/${camera.id}`, { user: owner })).json())
    expect(read.agent.paired).toBe(false)
  })
})
