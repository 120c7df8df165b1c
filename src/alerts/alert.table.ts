import type { ColumnType, Generated, Selectable } from 'kysely'
import type { AlertSighting } from './alert.rules.ts'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export type AlertStatus = 'pending' | 'dismissed' | 'shared' | 'withdrawn'

export interface AlertTable {
  id: Generated<string>
  search_id: string
  camera_id: string
  best_similarity: number
  sightings: ColumnType<AlertSighting[], string, string>
  status: Generated<AlertStatus>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  answered_at: Timestamp | null
  /** The camera owner asked, from the web, that their agent share a snapshot of this alert. */
  share_requested_at: Timestamp | null
}

export type Alert = Selectable<AlertTable>
