import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { appendAuditEntry, verifyAuditLog } from '../../src/audit/audit.service.ts'
import { testDatabases, useTestDatabase } from '../support/databases.ts'
import { consentEntry } from './entries.ts'

const entry = (i: number) => consentEntry(i, { version: '2026-11-01', nested: { b: 2, a: [1, 'x'] } })

describe.each(testDatabases())('audit log on $name', (testDb) => {
  const database = useTestDatabase(testDb)

  it('chains each row to the previous one, also when written concurrently', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => database.db.transaction().execute((trx) => appendAuditEntry(trx, entry(i)))),
    )
    const check = await verifyAuditLog(database.db)
    expect(check).toEqual({ ok: true, rows: 12 })
  })

  it('refuses updates, deletes and truncation', async () => {
    await expect(sql`update audit_log set action = 'nothing' where seq = 1`.execute(database.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`delete from audit_log where seq = 1`.execute(database.db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/)
    expect((await verifyAuditLog(database.db)).ok).toBe(true)
  })

  it('shows tampering by someone who gets past the triggers', async () => {
    // Concurrent appends give seq numbers in any order, so remember what row 5 really said.
    const original = await database.db
      .selectFrom('audit_log')
      .select('subject_owner_id')
      .where('seq', '=', '5')
      .executeTakeFirstOrThrow()
    await sql`alter table audit_log disable trigger audit_log_no_update_or_delete`.execute(database.db)
    await sql`update audit_log set subject_owner_id = 'someone-else' where seq = 5`.execute(database.db)
    const edited = await verifyAuditLog(database.db)
    expect(edited).toMatchObject({ ok: false, brokenAtSeq: '5' })

    await sql`update audit_log set subject_owner_id = ${original.subject_owner_id} where seq = 5`.execute(database.db)
    expect((await verifyAuditLog(database.db)).ok).toBe(true)
    await sql`delete from audit_log where seq = 7`.execute(database.db)
    const removed = await verifyAuditLog(database.db)
    expect(removed).toMatchObject({ ok: false, brokenAtSeq: '8' })
    await sql`alter table audit_log enable trigger audit_log_no_update_or_delete`.execute(database.db)
  })
})
