import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'
import { kill, startWorkers, until } from '../support/workers.ts'

const onPostgres = testDatabases().find((d) => d.name === 'postgres')
if (!onPostgres)
  console.info('crash test skipped: it needs TEST_DATABASE_URL, since a second process cannot open the embedded PGlite')

describe.skipIf(!onPostgres)('a worker killed mid-job (PostgreSQL, separate process)', () => {
  let t: TestApp
  let receiver: http.Server
  let receiverUrl: string
  let holdNext = false
  let held: http.ServerResponse | undefined
  let heldId: string | undefined
  const requests: string[] = []
  const accepted = new Map<string, number>()
  const children: ChildProcess[] = []

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const id = String(req.headers['webhook-id'])
        requests.push(id)
        // Hold one delivery open: its worker is mid-job, waiting on the receiver, when it is killed.
        if (holdNext) {
          holdNext = false
          heldId = id
          held = res
          return
        }
        accepted.set(id, (accepted.get(id) ?? 0) + 1)
        res.statusCode = 204
        res.end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    t = await startTestApp(onPostgres!, { vision: 'fake' })
  })
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) await kill(child)
    held?.destroy()
    receiver?.close()
    await t?.dispose()
  })

  it('loses no alert and sends no notification twice', { timeout: 240_000 }, async () => {
    const url = t.database.url!
    const petOwner = await t.signUp('Pet owner')
    const search = await openCatSearch(t, petOwner)
    const owners: TestUser[] = []
    const cameras: string[] = []
    const embedding = await mirroredCatEmbedding(t.petPhotos)
    for (const offset of [0, 0.0005]) {
      const owner = await t.signUp('Camera owner')
      await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: receiverUrl }, owner))
      const { camera, token } = await pairedCamera(t, owner, { lat: CAMERA_POINT.lat + offset, lng: CAMERA_POINT.lng })
      expect((await sendBatch(t, token, { sightings: [sighting({ species: 'cat', embedding })] })).status).toBe(200)
      owners.push(owner)
      cameras.push(camera.id)
    }

    // 1. Kill a match job inside its transaction: hold the lock the job takes for the first camera's
    //    alert, so it waits there after reading its candidates, then SIGKILL the worker process.
    const sql = postgres(url, { max: 2, onnotice: () => {} })
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    let locked!: () => void
    const lockHeld = new Promise<void>((r) => (locked = r))
    const holder = sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`alert:${search.id}:${cameras[0]}`}))`
      locked()
      await released
    })
    await lockHeld
    children.push(await startWorkers(url, t.mailDir))
    await until(
      async () =>
        (
          await sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory' and datname = current_database()`
        ).length > 0,
      'a match job waiting on the alert lock',
    )
    await kill(children.at(-1)!)
    release()
    await holder
    expect(await sql`select id from alerts where camera_id = ${cameras[0]!}`).toEqual([])

    // 2. Restart; kill it again while a webhook delivery waits on the receiver.
    holdNext = true
    children.push(await startWorkers(url, t.mailDir))
    await until(async () => held !== undefined, 'a webhook delivery to hold')
    await kill(children.at(-1)!)
    held!.destroy()

    // 3. Restart and let everything finish: the killed jobs are retried once their heartbeats lapse.
    children.push(await startWorkers(url, t.mailDir))
    const outbox = () =>
      t.database.db.selectFrom('notification_outbox').select(['idempotency_key', 'channel', 'status']).execute()
    await until(async () => {
      const rows = await outbox()
      return rows.length === 4 && rows.every((r) => r.status === 'sent')
    }, 'every notification sent')
    await new Promise((r) => setTimeout(r, 1500)) // room for any stray duplicate to arrive

    const alerts = await t.database.db
      .selectFrom('alerts')
      .select(['camera_id'])
      .where('search_id', '=', search.id)
      .execute()
    expect(alerts.map((a) => a.camera_id).sort()).toEqual([...cameras].sort())
    const rows = await outbox()
    const webhookKeys = rows.filter((r) => r.channel === 'webhook').map((r) => r.idempotency_key)
    expect(webhookKeys).toHaveLength(2)
    // Each notification accepted exactly once by the receiver, under its one idempotency key.
    expect([...accepted.entries()].sort()).toEqual(webhookKeys.sort().map((key) => [key, 1]))
    // The cut-off delivery was tried again under the same key, which is what lets a receiver dedupe.
    expect(webhookKeys).toContain(heldId)
    expect(requests.filter((id) => id === heldId)).toHaveLength(2)
    expect(requests.filter((id) => !webhookKeys.includes(id))).toEqual([])
    expect(await fs.readdir(t.mailDir)).toHaveLength(2)
    await sql.end()
  })
})
