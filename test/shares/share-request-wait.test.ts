import { describe, expect, it } from 'vitest'
import { insertAlert, markShareRequested } from '../../src/alerts/alert.repository.ts'
import { waitForShareRequests } from '../../src/alerts/share-request-wait.service.ts'
import { ShareRequestSignal } from '../../src/alerts/share-request.signal.ts'
import { ShareRequestList } from '../../src/contracts/share-request-wire.ts'
import { type TestApp, type TestUser, useTestApp } from '../support/app.ts'
import { pairedCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

/** A pending alert on the camera, written directly: this file is about delivery, not matching. */
async function pendingAlert(t: TestApp, petOwner: TestUser, cameraId: string) {
  const search = await openCatSearch(t, petOwner)
  const sightings = [{ sightingId: '1', capturedAt: new Date().toISOString(), snapshotRef: 'snap-1', similarity: 0.9 }]
  return (await insertAlert(t.database.db, { searchId: search.id, cameraId, sightings, now: new Date() })).id
}

describe.each(testDatabases())('share-request long-poll on $name', (testDb) => {
  const t = useTestApp(testDb)
  const poll = (token: string, query = '') =>
    t.request(`/api/devices/share-requests${query}`, { headers: { authorization: `Bearer ${token}` } })

  it('answers within seconds of the owner asking for a share, then only newer requests', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    const alertId = await pendingAlert(t, await t.signUp('Pet owner'), camera.id)
    const started = Date.now()
    const waiting = poll(token, '?wait=20')
    await new Promise((r) => setTimeout(r, 300))
    expect((await t.request(`/api/alerts/${alertId}/share-request`, { method: 'POST', user: owner })).status).toBe(202)
    const res = await waiting
    expect(res.status).toBe(200)
    const body = ShareRequestList.parse(await res.json())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(body.requests.map((r) => r.alertId)).toEqual([alertId])
    // With the cursor, the same request is not returned again: an empty answer after the wait.
    const again = ShareRequestList.parse(
      await (await poll(token, `?wait=1&since=${encodeURIComponent(body.cursor!)}`)).json(),
    )
    expect(again).toEqual({ requests: [], cursor: body.cursor })
  })

  it('answers empty after the wait when nothing is asked, and refuses over-long waits', async () => {
    const { token } = await pairedCamera(t, await t.signUp('Camera owner'))
    const started = Date.now()
    const res = await poll(token, '?wait=1')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ requests: [], cursor: null })
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await poll(token, '?wait=3600')).status).toBe(400)
    expect((await poll(token, '?wait=1&extra=1')).status).toBe(400)
  })

  it('refuses a missing or revoked token, also while it waits', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    expect((await t.request('/api/devices/share-requests?wait=0')).status).toBe(401)
    const waiting = poll(token, '?wait=20')
    await new Promise((r) => setTimeout(r, 300))
    expect((await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: owner })).status).toBe(200)
    // Revocation is noticed on the next re-check (3 s), not after the whole wait.
    const started = Date.now()
    expect((await waiting).status).toBe(401)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await poll(token, '?wait=0')).status).toBe(401)
  })

  it("does not tell one camera's agent of another camera's request", async () => {
    const owner = await t.signUp('Camera owner')
    const mine = await pairedCamera(t, owner)
    const theirs = await pairedCamera(t, await t.signUp('Neighbour'), { lat: 51.6, lng: -0.1 })
    const alertId = await pendingAlert(t, await t.signUp('Pet owner'), mine.camera.id)
    await t.request(`/api/alerts/${alertId}/share-request`, { method: 'POST', user: owner })
    expect(await (await poll(theirs.token, '?wait=1')).json()).toEqual({ requests: [], cursor: null })
    expect((await (await poll(mine.token, '?wait=0')).json()).requests).toHaveLength(1)
  })

  it('holds one long-poll per device: a second one ends the first, which answers empty at once', async () => {
    const { token } = await pairedCamera(t, await t.signUp('Camera owner'))
    const started = Date.now()
    const first = poll(token, '?wait=20')
    await new Promise((r) => setTimeout(r, 300))
    const second = poll(token, '?wait=1')
    expect(await (await first).json()).toEqual({ requests: [], cursor: null })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await second).status).toBe(200)
  })

  it('finds a request made by another API process on its periodic re-check (no shared signal)', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera, token } = await pairedCamera(t, owner)
    const alertId = await pendingAlert(t, await t.signUp('Pet owner'), camera.id)
    const tokenRow = await t.database.db
      .selectFrom('device_tokens')
      .select('id')
      .where('camera_id', '=', camera.id)
      .executeTakeFirstOrThrow()
    expect(token).toMatch(/^hwd_/)
    const deps = { db: t.database.db, shareRequests: new ShareRequestSignal(), shareRequestRecheckMs: 500 }
    const started = Date.now()
    const waiting = waitForShareRequests(deps, { tokenId: tokenRow.id, cameraId: camera.id }, { waitSeconds: 20 })
    await new Promise((r) => setTimeout(r, 200))
    await markShareRequested(t.database.db, alertId, owner.id, new Date()) // as another process would: no notify here
    const reply = await waiting
    expect(reply.requests.map((r) => r.alertId)).toEqual([alertId])
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(deps.shareRequests.pendingCount).toBe(0)
  })
})

describe('share-request long-polls when the server drains', () => {
  it('answers every held long-poll at once, and any new one without waiting', async () => {
    const signal = new ShareRequestSignal()
    const held = signal.claim('token-a')
    expect(held.signal.aborted).toBe(false)
    signal.endAll()
    expect(held.signal.aborted).toBe(true)
    expect(signal.claim('token-b').signal.aborted).toBe(true)
  })
})
