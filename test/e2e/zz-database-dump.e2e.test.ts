// Issue #13: what a database thief (or a subpoena for "everything") gets. After a journey through every
// kind of write the API takes, the whole database and the server's log are dumped and searched for what
// must never be there: an exact last-seen point, a camera's point, an e-mail address outside the
// accounts table, image bytes outside the lost/found photos (which live in blob storage, not tables),
// or a device token in clear.
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/connect.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { catPhoto } from '../support/images.ts'
import { openLostCat, signUpByApi } from './support/api-user.ts'

// Points with digits nothing else in the run produces.
const LAST_SEEN = { lat: 51.4712347, lng: -0.1187653 }
const CAMERA = { lat: 51.4723458, lng: -0.1176541 }
const FOUND_AT = { lat: 51.4734561, lng: -0.1165439 }
const digits = (n: number) => String(n).slice(0, 8) // 51.47123: ~1 m; any copy of the point would contain it

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

describe('a dump of the database and the log after a journey', () => {
  let dataDir = ''
  let logFile = ''
  let server: RunningServer | undefined
  let url = ''
  const emails: string[] = []
  let deviceToken = ''

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-dump-'))
    logFile = path.join(dataDir, 'server.log')
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, 'data'),
      PUBLIC_URL: url,
      LOG_LEVEL: 'debug',
      MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
      SHUTDOWN_GRACE_MS: '1000',
    })
    server = await startServer(config, pino({ level: 'debug' }, pino.destination({ dest: logFile, sync: true })))

    const owner = await signUpByApi(url, 'Pet owner')
    const cameraOwner = await signUpByApi(url, 'Camera owner')
    const finder = await signUpByApi(url, 'Finder')
    for (const user of [owner, cameraOwner, finder])
      emails.push(
        ((await (await user.fetch('/api/auth/get-session')).json()) as { user: { email: string } }).user.email,
      )

    const search = await openLostCat(owner, LAST_SEEN)
    expect(
      (
        await owner.fetch(`/api/searches/${search.id}`, {
          method: 'PATCH',
          json: { lastSeen: LAST_SEEN, description: 'Shy, grey collar' },
        })
      ).status,
    ).toBe(200)
    const camera = (await (
      await cameraOwner.fetch('/api/cameras', {
        method: 'POST',
        json: { name: 'Front door', location: CAMERA, consent: { version: CAMERA_CONSENT_VERSION, accepted: true } },
      })
    ).json()) as { id: string }
    const code = (
      (await (await cameraOwner.fetch(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST' })).json()) as {
        code: string
      }
    ).code
    deviceToken = (
      (await (
        await fetch(`${url}/api/devices/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
      ).json()) as { token: string }
    ).token
    const embedding = Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37) / 16)
    const batch = await fetch(`${url}/api/sightings/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deviceToken}` },
      body: JSON.stringify({
        sightings: [
          {
            clientId: 'c-1',
            capturedAt: new Date(Date.now() - 60_000).toISOString(),
            species: 'cat',
            score: 0.8,
            modelId: DEFAULT_EMBEDDING_MODEL_ID,
            embedding,
            snapshotRef: 'snap-1',
          },
        ],
      }),
    })
    expect(batch.status).toBeLessThan(300)
    await cameraOwner.fetch('/api/me/notifications', { method: 'PUT', json: { emailEnabled: true } })

    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(FOUND_AT.lat),
      lng: String(FOUND_AT.lng),
      description: 'In our shed',
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
    expect((await finder.fetch('/api/found-pets', { method: 'POST', body: form })).status).toBe(201)
    expect(
      (
        await finder.fetch(`/api/lost-pets/${search.id}/messages`, {
          method: 'POST',
          json: { body: 'I think I saw her near the park' },
        })
      ).status,
    ).toBe(201)
    // Wrong passwords leave a throttle row; the address they came from must not be kept.
    for (let i = 0; i < 3; i++)
      await fetch(`${url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email: emails[0], password: `wrong-${i}-wrong` }),
      })
    await new Promise((r) => setTimeout(r, 1500)) // let the match and notification jobs run
    await server.stop()
    server = undefined
  })
  afterAll(async () => {
    await server?.stop()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('holds no exact point, no e-mail outside the accounts, no image bytes and no device token in clear', async () => {
    const database = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'data', 'pglite') })
    const listed = await sql<{
      table_schema: string
      table_name: string
    }>`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`.execute(
      database.db,
    )
    const tables = listed.rows.map((r) =>
      r.table_schema === 'public' ? r.table_name : `${r.table_schema}.${r.table_name}`,
    )
    const dump: Record<string, string> = {}
    for (const table of tables) {
      const rows = (await sql`select * from ${sql.table(table)}`.execute(database.db)).rows
      dump[table] = JSON.stringify(rows, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
      )
    }
    await database.close()
    const log = await fs.readFile(logFile, 'utf8')
    expect(tables).toEqual(
      expect.arrayContaining([
        'lost_searches',
        'cameras',
        'sightings',
        'found_reports',
        'relay_messages',
        'users',
        'account_throttle',
      ]),
    )
    // The dump is real: it holds what the journey wrote (so a miss below is not an empty dump).
    expect(dump.users).toContain(emails[0])
    expect(dump.lost_searches).toContain('Shy, grey collar')
    expect(dump.relay_messages).toContain('near the park')
    expect(JSON.parse(dump.sightings!)).toHaveLength(1)
    expect(log).toContain('"msg":"request"')

    const everything = { ...dump, 'server log': log }
    const offenders = (needle: string, allowed: readonly string[] = []) =>
      Object.entries(everything)
        .filter(([name, text]) => !allowed.includes(name) && text.includes(needle))
        .map(([name]) => name)

    for (const point of [LAST_SEEN, CAMERA, FOUND_AT]) {
      expect(offenders(digits(point.lat))).toEqual([])
      expect(offenders(digits(point.lng))).toEqual([])
    }
    for (const email of emails) expect(offenders(email, ['users'])).toEqual([])
    // JPEG (hex and base64), PNG and WebP signatures: photos are files in blob storage, never rows or log lines.
    for (const signature of ['ffd8ffe0', 'ffd8ffdb', '/9j/', '89504e47', 'iVBORw0K', 'UklGR'])
      expect(offenders(signature)).toEqual([])
    expect(offenders(deviceToken)).toEqual([])
  })
})
