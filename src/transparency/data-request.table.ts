import type { ColumnType, Generated } from 'kysely'

export interface DataRequestTable {
  id: Generated<string>
  received_at: ColumnType<Date, Date | string, never>
  requester_kind: string
  scope: string
  answer: 'refused' | 'no-data-held' | 'disclosed-by-court-order'
  answered_at: ColumnType<Date, Date | string, never>
  created_at: Generated<Date>
}
