import { describe, expect, it } from 'vitest'
import { sweepRetention } from '../../src/retention/retention.service.ts'
import { countSightingsOfCamera } from '../../src/sightings/sighting.repository.ts'
import { useTestApp } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'

const HOUR = 3600_000

describe.each(testDatabases())('retention on $name', (testDb) => {
  const t = useTestApp(testDb)

  it('deletes sightings past their camera’s retention and nothing younger', async () => {
    const { camera, token } = await pairedCamera(t, await t.signUp())
    const now = Date.now()
    await sendBatch(t, token, {
      sightings: [
        sighting({ capturedAt: new Date(now - 71 * HOUR).toISOString() }),
        sighting({ capturedAt: new Date(now - 2 * HOUR).toISOString() }),
      ],
    })
    expect(await countSightingsOfCamera(t.database.db, camera.id)).toBe(2)
    expect((await sweepRetention(t.database.db, new Date(now))).deletedSightings).toBe(0)
    const later = await sweepRetention(t.database.db, new Date(now + 1.5 * HOUR))
    expect(later.deletedSightings).toBe(1)
    expect(await countSightingsOfCamera(t.database.db, camera.id)).toBe(1)
  })

  it('lets an unrenewed search lapse after 30 days; renewing brings it back', async () => {
    const user = await t.signUp()
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      name: 'Miso',
      lastSeenAt: new Date().toISOString(),
      lastSeenLat: '48.85',
      lastSeenLng: '2.35',
    }))
      form.append(k, v)
    form.append('photos', new File([new Uint8Array(await catPhoto())], 'miso.jpg', { type: 'image/jpeg' }))
    const search = await (await t.request('/api/searches', { method: 'POST', body: form, user })).json()
    expect((await sweepRetention(t.database.db, new Date(Date.now() + 29 * 24 * HOUR))).expiredSearches).toBe(0)
    expect((await sweepRetention(t.database.db, new Date(Date.now() + 31 * 24 * HOUR))).expiredSearches).toBe(1)
    expect((await (await t.request(`/api/searches/${search.id}`, { user })).json()).status).toBe('expired')
    expect((await t.request(`/api/lost-pets/${search.id}`)).status).toBe(404)
    const renewed = await (await t.request(`/api/searches/${search.id}/renew`, { method: 'POST', user })).json()
    expect(renewed.status).toBe('active')
  })
})
