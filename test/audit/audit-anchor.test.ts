// Issue #20: the audit chain could be re-hashed end to end after an edit and still verify. Checkpoints are
// HMACs under a key from outside the database; an edited-and-rehashed chain no longer verifies against them.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { anchorAuditLog, verifyAnchoredAuditLog } from '../../src/audit/audit-anchor.service.ts'
import { checkpointMac, deriveAuditKey } from '../../src/audit/audit-anchor.rules.ts'
import { hashAuditEntry } from '../../src/audit/audit.rules.ts'
import { appendAuditEntry, toChainedEntry, verifyAuditLog } from '../../src/audit/audit.service.ts'
import { testDatabases, useTestDatabase } from '../support/databases.ts'
import { consentEntry } from './entries.ts'

const key = await deriveAuditKey('test-secret-test-secret-test-secret-0123')
const entry = (i: number) => consentEntry(i, { version: '2026-11-01' })

describe.each(testDatabases())('audit anchor on $name', (testDb) => {
  const database = useTestDatabase(testDb)
  const db = () => database.db
  const append = async (from: number, to: number) => {
    for (let i = from; i <= to; i++)
      await db()
        .transaction()
        .execute((trx) => appendAuditEntry(trx, entry(i)))
  }

  /** What someone past the triggers, without the key, does: edit a row and recompute every hash after it. */
  async function editAndRehash(seq: number, ownerId: string) {
    await sql`alter table audit_log disable trigger audit_log_no_update_or_delete`.execute(db())
    await sql`update audit_log set subject_owner_id = ${ownerId} where seq = ${seq}`.execute(db())
    const rows = (await db().selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(toChainedEntry)
    let prevHash = rows[seq - 2]!.hash
    for (const row of rows.slice(seq - 1)) {
      const hash = await hashAuditEntry({ ...row, prevHash })
      await sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq.toString()}`.execute(
        db(),
      )
      prevHash = hash
    }
    await sql`alter table audit_log enable trigger audit_log_no_update_or_delete`.execute(db())
  }

  it('anchors the head once per change and verifies an untouched chain', async () => {
    await append(1, 6)
    expect(String((await anchorAuditLog(db(), key))?.seq)).toBe('6')
    expect(await anchorAuditLog(db(), key)).toBeUndefined()
    await append(7, 8)
    expect(String((await anchorAuditLog(db(), key))?.seq)).toBe('8')
    await append(9, 9)
    const check = await verifyAnchoredAuditLog(db(), key)
    expect(check).toMatchObject({
      ok: true,
      unanchoredRows: 1,
      anchor: { ok: true, checkpoints: 2, anchoredThroughSeq: '8' },
    })
    await expect(sql`delete from audit_checkpoints`.execute(db())).rejects.toThrow(/append-only/)
  })

  it('refuses an edited row whose chain was re-hashed end to end, which the hash chain alone accepts', async () => {
    await editAndRehash(3, 'someone-else')
    expect((await verifyAuditLog(db())).ok).toBe(true) // the gap issue #20 found
    const check = await verifyAnchoredAuditLog(db(), key)
    expect(check.ok).toBe(false)
    expect(check.anchor).toMatchObject({
      ok: false,
      brokenAtSeq: '6',
      reason: expect.stringMatching(/changed since it was anchored/),
    })
  })

  it('refuses checkpoints re-made without the server’s key, and a wrong key', async () => {
    const forged = await deriveAuditKey('a-guess-at-the-secret-a-guess-at-the-se')
    await sql`alter table audit_checkpoints disable trigger audit_checkpoints_no_update_or_delete`.execute(db())
    const rows = await db().selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute()
    let prevMac = '0'.repeat(64)
    for (const c of rows) {
      const { hash } = await db()
        .selectFrom('audit_log')
        .select('hash')
        .where('seq', '=', c.seq)
        .executeTakeFirstOrThrow()
      const mac = await checkpointMac(forged, { seq: BigInt(c.seq), rowHash: hash, prevMac })
      await sql`update audit_checkpoints set row_hash = ${hash}, prev_mac = ${prevMac}, mac = ${mac} where seq = ${c.seq}`.execute(
        db(),
      )
      prevMac = mac
    }
    await sql`alter table audit_checkpoints enable trigger audit_checkpoints_no_update_or_delete`.execute(db())
    expect((await verifyAnchoredAuditLog(db(), forged)).ok).toBe(true) // consistent under the forger's key …
    const check = await verifyAnchoredAuditLog(db(), key) // … but not the server's
    expect(check.anchor).toMatchObject({
      ok: false,
      brokenAtSeq: '6',
      reason: expect.stringMatching(/MAC does not verify/),
    })
  })

  it('shows removed checkpoints as rows nobody vouches for', async () => {
    await sql`alter table audit_checkpoints disable trigger audit_checkpoints_no_update_or_delete`.execute(db())
    await sql`delete from audit_checkpoints where seq = 6`.execute(db())
    await sql`alter table audit_checkpoints enable trigger audit_checkpoints_no_update_or_delete`.execute(db())
    expect((await verifyAnchoredAuditLog(db(), key)).anchor).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not chained/),
    })
  })
})
