// Two API processes and one worker process on one PostgreSQL, started as the README says
// (HOMEWARD_ROLE=api / worker), with sightings for the same search arriving through both APIs at once.
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { mirroredCatEmbedding } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'
import { freePort, killGroup, nodeServer, type ServerProcess } from '../support/server-process.ts'
import { until } from '../support/workers.ts'

const onPostgres = testDatabases().find((d) => d.name === 'postgres')
if (!onPostgres)
  console.info(
    'multi-process test skipped: it needs TEST_DATABASE_URL, since a second process cannot open the embedded PGlite',
  )

const AUTH_SECRET = 'test-secret-test-secret-test-secret-0123'

async function gauge(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text()
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
  return lines.length === 0 ? NaN : lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}

describe.skipIf(!onPostgres)('two API processes and a worker process on one PostgreSQL', () => {
  let t: TestApp
  let dataDir: string
  let receiver: http.Server
  let receiverUrl: string
  let holdNext = false
  let held: http.ServerResponse | undefined
  const accepted = new Map<string, number>()
  const processes: ServerProcess[] = []

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        if (holdNext) {
          // Keep one delivery open: the worker is mid-job, waiting on the receiver, when it is killed.
          holdNext = false
          held = res
          return
        }
        const id = String(req.headers['webhook-id'])
        accepted.set(id, (accepted.get(id) ?? 0) + 1)
        res.statusCode = 204
        res.end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    t = await startTestApp(onPostgres!, { vision: 'fake' }) // setting up accounts and cameras; no workers in this process
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-multi-'))
  })
  afterAll(async () => {
    for (const p of processes) killGroup(p.child)
    held?.destroy()
    receiver?.close()
    await t?.dispose()
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  it(
    "raises each alert and sends each notification once, keeps the code caches in step, and retries a killed worker's job",
    { timeout: 300_000 },
    async () => {
      const env = {
        DATABASE_URL: t.database.url!,
        DATA_DIR: dataDir,
        AUTH_SECRET,
        ALLOW_PRIVATE_WEBHOOKS: 'true',
        SHUTDOWN_GRACE_MS: '2000',
      }
      const start = async (role: 'api' | 'worker') => {
        const p = await nodeServer({ ...env, HOMEWARD_ROLE: role }, await freePort())
        processes.push(p)
        return p
      }
      const [api1, api2, worker] = await Promise.all([start('api'), start('api'), start('worker')])
      expect((await fetch(`http://127.0.0.1:${worker.port}/ready`)).status).toBe(200)
      expect((await fetch(`http://127.0.0.1:${worker.port}/api/feed?lat=51&lng=0`)).status).toBe(404) // a worker serves no API

      const petOwner = await t.signUp('Pet owner')
      const search = await openCatSearch(t, petOwner)
      const embedding = await mirroredCatEmbedding(t.petPhotos)
      const cameras: { id: string; token: string; owner: TestUser }[] = []
      for (const offset of [0, 0.0005]) {
        const owner = await t.signUp('Camera owner')
        await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: receiverUrl }, owner))
        const { camera, token } = await pairedCamera(t, owner, {
          lat: CAMERA_POINT.lat + offset,
          lng: CAMERA_POINT.lng,
        })
        cameras.push({ id: camera.id, token, owner })
      }

      // Every camera sends three matching batches through each API process, all at once.
      holdNext = true
      const sends = cameras.flatMap(({ token }) =>
        [api1, api2, api1, api2, api1, api2].map((api) =>
          fetch(`http://127.0.0.1:${api.port}/api/sightings/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ sightings: [sighting({ species: 'cat', embedding })] }),
          }).then((r) => r.status),
        ),
      )
      expect(await Promise.all(sends)).toEqual(Array(12).fill(200))

      // The worker is killed while it delivers the first webhook; a new one retries the job once its heartbeat lapses.
      await until(async () => held !== undefined, 'a webhook delivery to hold')
      // The matching runs in the worker process only; the killed worker may have matched every batch before it died.
      expect(await gauge(worker, 'homeward_match_duration_seconds_count')).toBeGreaterThan(0)
      killGroup(worker.child)
      await worker.exited
      held!.destroy()
      const worker2 = await start('worker')

      const outbox = () =>
        t.database.db.selectFrom('notification_outbox').select(['idempotency_key', 'channel', 'status']).execute()
      await until(
        async () => {
          const rows = await outbox()
          return rows.length === 4 && rows.every((r) => r.status === 'sent')
        },
        'every notification sent',
        120_000,
      )
      await new Promise((r) => setTimeout(r, 1500)) // room for a stray duplicate to arrive

      const alerts = await t.database.db
        .selectFrom('alerts')
        .select(['camera_id'])
        .where('search_id', '=', search.id)
        .execute()
      expect(alerts.map((a) => a.camera_id).sort()).toEqual(cameras.map((c) => c.id).sort())
      const webhookKeys = (await outbox()).filter((r) => r.channel === 'webhook').map((r) => r.idempotency_key)
      expect(webhookKeys).toHaveLength(2)
      expect([...accepted.entries()].sort()).toEqual(webhookKeys.sort().map((key) => [key, 1]))
      expect(await fs.readdir(path.join(dataDir, 'mail'))).toHaveLength(2)
      expect(await gauge(api1, 'homeward_match_duration_seconds_count')).toBeNaN()
      expect(await gauge(api2, 'homeward_match_duration_seconds_count')).toBeNaN()

      // Every process's code cache holds the same sightings as the table, and drops a revoked camera's.
      const live = [api1, api2, worker2]
      const held12 = async () => Promise.all(live.map((p) => gauge(p, 'homeward_code_cache_sightings')))
      await until(async () => (await held12()).every((n) => n === 12), 'every cache to hold the 12 sightings', 10_000)
      const revoked = await t.request(`/api/cameras/${cameras[0]!.id}/consent`, {
        method: 'DELETE',
        user: cameras[0]!.owner,
      })
      expect(revoked.status).toBe(200)
      await until(
        async () => (await held12()).every((n) => n === 6),
        "every cache to drop the revoked camera's 6 sightings",
        10_000,
      )
    },
  )
})
