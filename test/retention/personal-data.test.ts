// Issue #20: closed searches, expired found reports, relay messages and outbox payloads were kept forever.
// Every sweep here runs with an injected clock (`now`), days ahead of the rows the API wrote.
import fs from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { insertOutbox, recordAttempt } from '../../src/notifications/notification.repository.ts'
import { sweepRetention } from '../../src/retention/retention.service.ts'
import { jsonInit, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { foundCatForm, openCatSearch } from '../support/searches.ts'

const DAY = 24 * 3600_000
const inDays = (days: number) => new Date(Date.now() + days * DAY)

describe.each(testDatabases())('retention of personal data on $name', (testDb) => {
  const t = useTestApp(testDb)
  const sweep = (days: number, limits = {}) =>
    sweepRetention(t.database.db, inDays(days), { storage: t.storage, limits })
  const files = async () =>
    (await fs.readdir(t.storageDir, { recursive: true })).filter((f) => f.endsWith('.jpg')).map((f) => path.basename(f))
  const searchRow = (id: string) =>
    t.database.db.selectFrom('lost_searches').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const photoKeys = async (id: string) =>
    (await t.database.db.selectFrom('search_photos').select('storage_key').where('search_id', '=', id).execute()).map(
      (r) => path.basename(r.storage_key),
    )

  it('strips a closed search after 30 days: photos (rows and files), name, description, point and relay threads', async () => {
    const owner = await t.signUp()
    const contact = await t.signUp()
    const search = await openCatSearch(t, owner, {
      fields: { name: 'Miso', description: 'Grey, white paws, lives at no. 12' },
    })
    await t.request(`/api/lost-pets/${search.id}/messages`, jsonInit('POST', { body: 'I think I saw her' }, contact))
    const [key] = await photoKeys(search.id)
    expect(await files()).toContain(key)
    expect(
      (await t.request(`/api/searches/${search.id}/close`, jsonInit('POST', { outcome: 'found' }, owner))).status,
    ).toBe(200)

    expect((await sweep(29)).strippedSearches).toBe(0)
    expect((await searchRow(search.id)).name).toBe('Miso')
    const swept = await sweep(31)
    expect(swept.strippedSearches).toBeGreaterThanOrEqual(1)
    const row = await searchRow(search.id)
    expect(row).toMatchObject({
      name: '',
      description: '',
      last_seen_sealed: null,
      last_seen_lat: null,
      status: 'found',
    })
    expect(row.stripped_at).not.toBeNull()
    expect(await photoKeys(search.id)).toEqual([])
    expect(await files()).not.toContain(key)
    expect(
      await t.database.db.selectFrom('relay_threads').select('id').where('search_id', '=', search.id).execute(),
    ).toEqual([])
    expect((await t.request(`/api/searches/${search.id}`, { user: owner })).status).toBe(200) // the owner still sees it ended
    expect((await sweep(32)).strippedSearches).toBe(0) // once
  })

  it('strips an expired search 30 days after it lapsed, and it can no longer be renewed', async () => {
    const owner = await t.signUp()
    const search = await openCatSearch(t, owner)
    await sweep(31) // lapses (30 days)
    await t.database.db
      .updateTable('lost_searches')
      .set({ updated_at: inDays(31) })
      .where('id', '=', search.id)
      .execute() // as the sweep at that hour would
    expect((await searchRow(search.id)).stripped_at).toBeNull()
    await sweep(62)
    expect(await searchRow(search.id)).toMatchObject({ status: 'closed', name: '' })
    expect((await t.request(`/api/searches/${search.id}/renew`, { method: 'POST', user: owner })).status).toBe(409)
  })

  it('deletes a found-pet report and its photo once it has expired', async () => {
    const finder = await t.signUp()
    const form = await foundCatForm({ description: 'Tabby, found by the school' })
    const found = await (await t.request('/api/found-pets', { method: 'POST', body: form, user: finder })).json()
    const { photo_key } = await t.database.db
      .selectFrom('found_reports')
      .select('photo_key')
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow()
    expect((await sweep(29)).deletedFoundReports).toBe(0)
    expect((await sweep(31)).deletedFoundReports).toBeGreaterThanOrEqual(1)
    expect(await t.database.db.selectFrom('found_reports').select('id').where('id', '=', found.id).execute()).toEqual(
      [],
    )
    expect(await files()).not.toContain(path.basename(photo_key))
  })

  it('deletes relay threads and their messages after the configured idle days', async () => {
    const owner = await t.signUp()
    const contact = await t.signUp()
    const search = await openCatSearch(t, owner)
    await t.request(
      `/api/lost-pets/${search.id}/messages`,
      jsonInit('POST', { body: 'Call me on 07700 900123' }, contact),
    )
    const messages = () =>
      t.database.db
        .selectFrom('relay_messages')
        .innerJoin('relay_threads', 'relay_threads.id', 'relay_messages.thread_id')
        .select('body')
        .where('relay_threads.search_id', '=', search.id)
        .execute()
    expect(await messages()).toHaveLength(1)
    expect((await sweep(4, { relayIdleDays: 5 })).deletedRelayThreads).toBe(0)
    expect((await sweep(6, { relayIdleDays: 5 })).deletedRelayThreads).toBeGreaterThanOrEqual(1)
    expect(await messages()).toEqual([])
  })

  it('deletes outbox payloads 7 days after they were sent, or after they were last tried', async () => {
    const user = await t.signUp()
    const payload = {
      type: 'alert.opened' as const,
      alertId: crypto.randomUUID(),
      pet: { name: 'Rex', species: 'dog' as const, photoUrl: null },
      sighting: { capturedAt: new Date().toISOString(), snapshotRef: 's-1' },
    }
    const sent = await t.database.db
      .transaction()
      .execute((trx) =>
        insertOutbox(trx, { idempotencyKey: `k-${crypto.randomUUID()}`, userId: user.id, channel: 'email', payload }),
      )
    const dead = await t.database.db
      .transaction()
      .execute((trx) =>
        insertOutbox(trx, { idempotencyKey: `k-${crypto.randomUUID()}`, userId: user.id, channel: 'webhook', payload }),
      )
    await recordAttempt(t.database.db, sent!, null)
    await recordAttempt(t.database.db, dead!, 'connect ECONNREFUSED')
    const rows = () =>
      t.database.db.selectFrom('notification_outbox').select('id').where('user_id', '=', user.id).execute()
    expect((await sweep(6)).deletedOutboxRows).toBe(0)
    expect(await rows()).toHaveLength(2)
    await sweep(8)
    expect(await rows()).toEqual([])
  })
})
