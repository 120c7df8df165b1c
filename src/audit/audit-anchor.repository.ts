import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

export function lastAuditRow(db: Kysely<Database>) {
  return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

export function lastCheckpoint(db: Kysely<Database>) {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

export function listCheckpoints(db: Kysely<Database>) {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute()
}

export function insertCheckpoint(
  db: Kysely<Database>,
  row: { seq: string; row_hash: string; prev_mac: string; mac: string; at: Date },
) {
  return db
    .insertInto('audit_checkpoints')
    .values(row)
    .onConflict((oc) => oc.column('seq').doNothing())
    .returningAll()
    .executeTakeFirst()
}
