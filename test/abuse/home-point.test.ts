import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createPointSealer, sealClearLastSeenPoints } from '../../src/searches/last-seen-seal.ts'
import { jsonInit, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

// A point with enough digits that any copy of it in the database is unmistakable.
const HOME = { lat: 51.5012345, lng: -0.1412345 }
const MOVED = { lat: 51.5023456, lng: -0.1423456 }

describe.each(testDatabases())('the pet owner’s last-seen point on $name', (testDb) => {
  const t = useTestApp(testDb)

  const tableText = async () => JSON.stringify((await sql`select * from lost_searches`.execute(t.database.db)).rows)

  it('is stored only sealed: the table holds the cell and radius for matching, and the owner alone reads the point', async () => {
    const owner = await t.signUp('Owner at home')
    const { id } = await openCatSearch(t, owner, { at: HOME })
    const text = await tableText()
    expect(text).not.toContain('51.50123')
    expect(text).not.toContain('0.14123')
    const row = await t.database.db
      .selectFrom('lost_searches')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.last_seen_lat).toBeNull()
    expect(row.last_seen_sealed).toMatch(/^v1\./)

    expect((await (await t.request(`/api/searches/${id}`, { user: owner })).json()).lastSeen).toEqual(HOME)
    expect((await (await t.request('/api/searches', { user: owner })).json()).searches[0].lastSeen).toEqual(HOME)
    const stranger = await t.signUp('Stranger')
    expect((await t.request(`/api/searches/${id}`, { user: stranger })).status).toBe(404)
    expect(JSON.stringify(await (await t.request(`/api/lost-pets/${id}`)).json())).not.toContain('51.50123')

    // Moving the point re-seals it; nothing in clear again.
    const moved = await t.request(`/api/searches/${id}`, jsonInit('PATCH', { lastSeen: MOVED }, owner))
    expect((await moved.json()).lastSeen).toEqual(MOVED)
    expect(await tableText()).not.toContain('51.50234')
  })

  it('seals points written before sql/0018, and a sealed point does not open for another account', async () => {
    const owner = await t.signUp('Legacy owner')
    const { id } = await openCatSearch(t, owner, { at: HOME })
    await t.database.db
      .updateTable('lost_searches')
      .set({ last_seen_lat: HOME.lat, last_seen_lng: HOME.lng, last_seen_sealed: null })
      .where('id', '=', id)
      .execute()
    expect(await tableText()).toContain('51.5012345')
    const sealer = createPointSealer('test-secret-test-secret-test-secret-0123')
    expect(await sealClearLastSeenPoints(t.database.db, sealer)).toBe(1)
    expect(await tableText()).not.toContain('51.50123')
    expect((await (await t.request(`/api/searches/${id}`, { user: owner })).json()).lastSeen).toEqual(HOME)
    const row = await t.database.db
      .selectFrom('lost_searches')
      .select('last_seen_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await expect(sealer.open('someone-else', row.last_seen_sealed!)).rejects.toThrow()
    await expect(
      createPointSealer('another-secret-another-secret-0123456').open(owner.id, row.last_seen_sealed!),
    ).rejects.toThrow()
  })
})
