import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface ShareTable {
  id: Generated<string>
  alert_id: string
  search_id: string
  camera_owner_id: string
  captured_at: Timestamp
  area_cell: string
  enc: string
  storage_key: string
  bytes: number
  created_at: Generated<Date>
}
