import fs from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { CALIBRATED_MATCHING, mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'

// The workers poll once at start and then only every minute, so anything that happens within
// WELL_BEFORE_POLL_MS of a commit was woken by it, not found by a poll.
const POLL_SECONDS = 60
const WELL_BEFORE_POLL_MS = 10_000

const matching = CALIBRATED_MATCHING

async function within<T>(ms: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const started = Date.now()
  for (;;) {
    const found = await probe()
    if (found !== undefined || Date.now() - started > ms) return found
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.each(testDatabases())('workers woken by the commit that enqueues, on $name', (testDb) => {
  let t: TestApp

  beforeAll(async () => {
    t = await startTestApp(testDb, {
      vision: 'fake',
      matching,
      notifications: {},
      pollingIntervalSeconds: POLL_SECONDS,
    })
  })
  afterAll(async () => t?.dispose())

  const alertsOf = async (user: TestUser): Promise<{ pet: { searchId: string } }[]> =>
    (await (await t.request('/api/alerts', { user })).json()).alerts
  const firstAlertOf = (user: TestUser) => within(WELL_BEFORE_POLL_MS, async () => (await alertsOf(user))[0])
  const sameCat = () => mirroredCatEmbedding(t.petPhotos)

  it('a sighting batch raises its alert, and the alert its email, long before the next poll', async () => {
    const search = await openCatSearch(t, await t.signUp('Pet owner'))
    const cameraOwner = await t.signUp('Camera owner')
    const { token } = await pairedCamera(t, cameraOwner)
    const embedding = await sameCat()

    expect((await sendBatch(t, token, { sightings: [sighting({ species: 'cat', embedding })] })).status).toBe(200)
    expect((await firstAlertOf(cameraOwner))?.pet.searchId).toBe(search.id)
    const mail = await within(WELL_BEFORE_POLL_MS, async () => (await fs.readdir(t.mailDir).catch(() => []))[0])
    expect(mail).toBeDefined()
  })

  it('a new search is matched against the sightings already held long before the next poll', async () => {
    const elsewhere = { lat: CAMERA_POINT.lat + 0.2, lng: CAMERA_POINT.lng } // out of the first test's search
    const cameraOwner = await t.signUp('Second camera owner')
    const { token } = await pairedCamera(t, cameraOwner, elsewhere)
    const embedding = await sameCat()
    await sendBatch(t, token, {
      sightings: [sighting({ species: 'cat', embedding, capturedAt: new Date(Date.now() - 600_000).toISOString() })],
    })

    const search = await openCatSearch(t, await t.signUp('Second pet owner'), { at: elsewhere })
    expect((await firstAlertOf(cameraOwner))?.pet.searchId).toBe(search.id)
  })
})
