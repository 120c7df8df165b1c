import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'
import { kill, startWorkers, until } from '../support/workers.ts'

const onPostgres = testDatabases().find((d) => d.name === 'postgres')
if (!onPostgres)
  console.info(
    'NOTIFY test skipped: it needs TEST_DATABASE_URL, since a second process cannot open the embedded PGlite',
  )

describe.skipIf(!onPostgres)('a worker in its own process (PostgreSQL)', () => {
  let t: TestApp
  let workers: ChildProcess | undefined
  beforeAll(async () => {
    t = await startTestApp(onPostgres!, { vision: 'fake' }) // no workers of its own: the API process only enqueues
  })
  afterAll(async () => {
    if (workers) await kill(workers)
    await t?.dispose()
  })

  it(
    'starts a job another process enqueued at once, woken by its NOTIFY, not on its next poll',
    { timeout: 60_000 },
    async () => {
      const petOwner = await t.signUp('Pet owner')
      await openCatSearch(t, petOwner)
      const owner = await t.signUp('Camera owner')
      const { camera, token } = await pairedCamera(t, owner)
      const embedding = await mirroredCatEmbedding(t.petPhotos)
      workers = await startWorkers(t.database.url!, t.mailDir, 30)
      // Past the workers' first fetch on start: from here an unwoken worker would wait out its 30 s poll.
      await new Promise((r) => setTimeout(r, 1000))
      expect((await sendBatch(t, token, { sightings: [sighting({ species: 'cat', embedding })] })).status).toBe(200)
      const alert = () =>
        t.database.db.selectFrom('alerts').select('id').where('camera_id', '=', camera.id).executeTakeFirst()
      await until(async () => (await alert()) !== undefined, 'the alert within 5 s', 5_000)
    },
  )
})
