import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Species } from '../searches/search.table.ts'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface FoundReportTable {
  id: Generated<string>
  finder_id: string
  species: Species
  cell: string
  found_at: Timestamp
  description: Generated<string>
  photo_key: string
  model_id: string
  embedding: string
  status: Generated<'active' | 'closed'>
  created_at: Generated<Date>
  expires_at: Timestamp
}

export interface FoundMatchTable {
  found_report_id: string
  search_id: string
  similarity: number
  created_at: Generated<Date>
}

export type FoundReport = Selectable<FoundReportTable>
