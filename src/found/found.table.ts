import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Species } from '../searches/search.table.ts'

export type FoundStatus = 'active' | 'closed' | 'reunited'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface FoundReportTable {
  id: Generated<string>
  finder_id: string
  species: Species
  cell: string
  found_at: Timestamp
  description: Generated<string>
  photo_key: string
  /** Null for a photo kept although no dog or cat was found in it: such a report is never matched. */
  model_id: string | null
  embedding: string | null
  status: Generated<FoundStatus>
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** The search whose "… is home" marked this report reunited; its undo makes the report active again. */
  reunited_search_id: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Generated<Date>
  expires_at: Timestamp
  /** When its people were masked (sql/0070): null for a photo stored before masking, never served until the backfill masks it. */
  masked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  mask_version: ColumnType<number | null, number | null | undefined, number | null>
  /** The backfill found a person as the main subject: the file is gone and the photo is never served. */
  mask_refused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface FoundMatchTable {
  found_report_id: string
  search_id: string
  similarity: number
  created_at: Generated<Date>
}

export type FoundReport = Selectable<FoundReportTable>
