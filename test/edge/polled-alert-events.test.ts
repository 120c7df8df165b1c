import { describe, expect, it } from 'vitest'
import { answerAlert, insertAlert, updateAlertSightings } from '../../src/alerts/alert.repository.ts'
import type { AlertEvent } from '../../src/alerts/alert.events.ts'
import { PolledAlertEvents } from '../../src/edge/polled-alert-events.ts'
import { createLogger } from '../../src/logger.ts'
import { useTestApp } from '../support/app.ts'
import { pairedCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

const sighting = (n: number) => ({
  sightingId: crypto.randomUUID(),
  capturedAt: new Date().toISOString(),
  snapshotRef: `snap-${n}`,
  similarity: 0.9 - n / 100,
})

// The Worker's alert events (its streams cannot hear the Node match workers in process): what a stream
// announces must be what the match service publishes on Node, opened and updated, and nothing else.
describe.each(testDatabases())('polled alert events (Workers) on $name', (testDb) => {
  const t = useTestApp(testDb)

  it('announces alerts opened and updated after it subscribed, to their camera owner only, and not a dismissal', async () => {
    const owner = await t.signUp('Camera owner')
    const other = await t.signUp('Other camera owner')
    const { camera } = await pairedCamera(t, owner)
    const search = await openCatSearch(t, await t.signUp('Pet owner'))
    const db = t.database.db
    const before = await insertAlert(db, {
      searchId: search.id,
      cameraId: camera.id,
      sightings: [sighting(0)],
      now: new Date(),
    })

    const events = new PolledAlertEvents(db, createLogger('silent'), 50)
    const mine: AlertEvent[] = []
    const theirs: AlertEvent[] = []
    const stopMine = events.subscribe(owner.id, (e) => mine.push(e))
    const stopTheirs = events.subscribe(other.id, (e) => theirs.push(e))
    await new Promise((r) => setTimeout(r, 200))
    expect(mine).toEqual([]) // an alert from before the stream opened is not announced

    await updateAlertSightings(db, before.id, [sighting(0), sighting(1)], new Date())
    await expect.poll(() => mine, { timeout: 5000 }).toEqual([{ alertId: before.id, kind: 'updated' }])
    await answerAlert(db, before.id, owner.id, 'dismissed', new Date())
    await new Promise((r) => setTimeout(r, 300))
    expect(mine).toHaveLength(1)
    stopMine()
    stopTheirs()
    expect(theirs).toEqual([])
  })

  it('announces a newly opened alert as opened', async () => {
    const owner = await t.signUp('Camera owner')
    const { camera } = await pairedCamera(t, owner)
    const search = await openCatSearch(t, await t.signUp('Pet owner'))
    const events = new PolledAlertEvents(t.database.db, createLogger('silent'), 50)
    const seen: AlertEvent[] = []
    const stop = events.subscribe(owner.id, (e) => seen.push(e))
    await new Promise((r) => setTimeout(r, 200))
    const opened = await insertAlert(t.database.db, {
      searchId: search.id,
      cameraId: camera.id,
      sightings: [sighting(0)],
      now: new Date(),
    })
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([{ alertId: opened.id, kind: 'opened' }])
    stop()
  })
})
