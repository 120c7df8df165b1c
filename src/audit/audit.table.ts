import type { ColumnType, Selectable } from 'kysely'

export type AuditActorType = 'user' | 'device' | 'system'

export interface AuditLogTable {
  seq: ColumnType<string, string | number | bigint, never>
  at: ColumnType<Date, Date, never>
  actor_type: AuditActorType
  actor_id: string | null
  action: string
  subject_type: string
  subject_id: string
  subject_owner_id: string | null
  details: ColumnType<Record<string, unknown>, string, never>
  prev_hash: string
  hash: string
}

export type AuditRow = Selectable<AuditLogTable>

/** An HMAC over the chain's head, keyed outside the database (sql/0051). */
export interface AuditCheckpointTable {
  seq: ColumnType<string, string | number | bigint, never>
  row_hash: string
  prev_mac: string
  mac: string
  at: ColumnType<Date, Date, never>
}
