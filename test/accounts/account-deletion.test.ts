import fs from 'node:fs/promises'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../src/audit/audit.service.ts'
import type { Database } from '../../src/db/database.ts'
import { jsonInit, useTestApp, type TestUser } from '../support/app.ts'
import { pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { foundCatForm, openCatSearch } from '../support/searches.ts'
import { authPost, PASSWORD, signIn } from './support.ts'

/** Every (table, column) that can hold an account id: by name, from information_schema, so a new table is covered too. */
async function accountColumns(db: Kysely<Database>) {
  const result = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.data_type = 'text'
      and (c.column_name ~* '(user|owner|account|author|contact|finder|actor)' or (c.table_name = 'users' and c.column_name in ('id', 'email'))
           or (c.table_name = 'verifications' and c.column_name = 'value'))`.execute(db)
  return result.rows
}

async function rowsNaming(db: Kysely<Database>, value: string) {
  const found: string[] = []
  for (const { table_name, column_name } of await accountColumns(db)) {
    const hit = await sql<{
      n: string
    }>`select count(*) as n from ${sql.table(table_name)} where ${sql.ref(column_name)} = ${value}`.execute(db)
    if (Number(hit.rows[0]!.n) > 0) found.push(`${table_name}.${column_name}`)
  }
  return found
}

async function foundReport(t: ReturnType<typeof useTestApp>, user: TestUser) {
  const form = await foundCatForm()
  const res = await t.request('/api/found-pets', { method: 'POST', body: form, user })
  if (res.status !== 201) throw new Error(`found report: ${res.status} ${await res.text()}`)
}

describe.each(testDatabases())('deleting an account on $name', (testDb) => {
  const t = useTestApp(testDb)
  let doomed: TestUser
  let neighbour: TestUser
  let neighbourSearch: string

  beforeAll(async () => {
    doomed = await t.signUp('Leaving soon')
    neighbour = await t.signUp('Neighbour')
    const db = t.database.db
    // Everything an account can own: a search (photo, thread, alert and share on it), a camera (sightings,
    // an alert and a share it gave to the neighbour), a found report, a message in the neighbour's thread,
    // a push subscription, a webhook, an outbox row, a pending reset token and a second session.
    const search = await openCatSearch(t, doomed)
    neighbourSearch = (await openCatSearch(t, neighbour, { fields: { name: 'Rex' } })).id
    const { camera, token } = await pairedCamera(t, doomed)
    expect((await sendBatch(t, token, { sightings: [sighting(), sighting()] })).status).toBe(200)
    const neighbourCamera = (await pairedCamera(t, neighbour)).camera
    const alert = (camera: string, searchId: string) =>
      db
        .insertInto('alerts')
        .values({ search_id: searchId, camera_id: camera, best_similarity: 0.9, sightings: sql`'[]'::jsonb` as never })
        .returning('id')
        .executeTakeFirstOrThrow()
    const share = async (alertId: string, searchId: string, cameraOwner: string, key: string) => {
      await t.storage.put(key, new Uint8Array([1, 2, 3]))
      await db
        .insertInto('shares')
        .values({
          alert_id: alertId,
          search_id: searchId,
          camera_owner_id: cameraOwner,
          captured_at: new Date(),
          area_cell: '88195da49bfffff',
          enc: 'x',
          storage_key: key,
          bytes: 3,
        })
        .execute()
    }
    await share(
      (await alert(camera.id, neighbourSearch)).id,
      neighbourSearch,
      doomed.id,
      `shares/${crypto.randomUUID()}.bin`,
    )
    await share(
      (await alert(neighbourCamera.id, search.id)).id,
      search.id,
      neighbour.id,
      `shares/${crypto.randomUUID()}.bin`,
    )
    // A private preview of the doomed account's camera (ciphertext in the row) and its preview key (issue 19).
    const previewed = await alert(camera.id, neighbourSearch)
    await db
      .insertInto('preview_keys')
      .values({ user_id: doomed.id, public_key: 'k', updated_at: new Date() })
      .execute()
    await db
      .insertInto('alert_previews')
      .values({
        alert_id: previewed.id,
        camera_id: camera.id,
        camera_owner_id: doomed.id,
        key_fingerprint: '0123456789abcdef',
        enc: 'x',
        ciphertext: new Uint8Array(32),
      })
      .execute()
    await foundReport(t, doomed)
    expect(
      (
        await t.request(
          `/api/lost-pets/${neighbourSearch}/messages`,
          jsonInit('POST', { body: 'Seen him by the park' }, doomed),
        )
      ).status,
    ).toBe(201)
    expect(
      (await t.request(`/api/lost-pets/${search.id}/messages`, jsonInit('POST', { body: 'Is she black?' }, neighbour)))
        .status,
    ).toBe(201)
    await db
      .insertInto('push_subscriptions')
      .values({ user_id: doomed.id, endpoint: `https://push.example/${crypto.randomUUID()}`, p256dh: 'k', auth: 'a' })
      .execute()
    expect(
      (await t.request('/api/me/notifications', jsonInit('PUT', { webhookUrl: 'http://127.0.0.1:9/hook' }, doomed)))
        .status,
    ).toBe(200)
    await db
      .insertInto('notification_outbox')
      .values({
        idempotency_key: crypto.randomUUID(),
        user_id: doomed.id,
        channel: 'email',
        push_subscription_id: null,
        payload: sql`'{}'::jsonb` as never,
      })
      .execute()
    await authPost(t, '/api/auth/request-password-reset', { email: doomed.email })
    await signIn(t, doomed.email)
  })

  it('lists what the account holds', async () => {
    const data = await (await t.request('/api/me/data', { user: doomed })).json()
    expect(data).toMatchObject({
      searches: 1,
      photos: 1,
      cameras: 1,
      sightings: 2,
      alerts: 2,
      shares: 2,
      threads: 2,
      messages: 1,
      foundReports: 1,
      pushSubscriptions: 1,
      webhook: true,
    })
    expect(data.sessions).toBeGreaterThanOrEqual(2)
  })

  it('asks for the password, then deletes every row and file of the account in one go, leaving one nameless audit entry', async () => {
    const files = async () =>
      (await fs.readdir(t.storageDir, { recursive: true }))
        .filter((f) => /\.(jpg|webp|bin)$/.test(f))
        .map((f) => path.basename(f))
    const filesBefore = await files()
    expect(await rowsNaming(t.database.db, doomed.id)).not.toEqual([])
    expect(
      (await t.request('/api/me/account', jsonInit('DELETE', { password: 'not the password' }, doomed))).status,
    ).toBe(403)
    expect((await t.request('/api/me/account', jsonInit('DELETE', {}, doomed))).status).toBe(400)
    expect((await t.request('/api/me/account', jsonInit('DELETE', { password: PASSWORD }))).status).toBe(401)
    expect(await rowsNaming(t.database.db, doomed.id)).not.toEqual([])

    expect((await t.request('/api/me/account', jsonInit('DELETE', { password: PASSWORD }, doomed))).status).toBe(204)
    // The audit log is append-only and hash-chained (sql/0006): its older rows keep the bare account id, which
    // nothing maps to a person any more. Every other table holds nothing of the account.
    expect((await rowsNaming(t.database.db, doomed.id)).filter((at) => !at.startsWith('audit_log.'))).toEqual([])
    expect(await rowsNaming(t.database.db, doomed.email)).toEqual([])
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.deleted')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toMatch(new RegExp(`${doomed.id}|${doomed.email}|Leaving soon`))
    expect(await verifyAuditLog(t.database.db)).toMatchObject({ ok: true })
    const filesAfter = await files()
    expect(filesBefore.length - filesAfter.length).toBe(4) // search photo, found photo, both shares

    expect((await t.request('/api/me/data', { user: doomed })).status).toBe(401)
    expect((await signIn(t, doomed.email)).status).toBe(401)
    // The neighbour keeps their own search, minus what the deleted account wrote or shared into it.
    const neighbourData = await (await t.request('/api/me/data', { user: neighbour })).json()
    expect(neighbourData).toMatchObject({ searches: 1, cameras: 1, shares: 0, threads: 0, messages: 0 })
  })
})
