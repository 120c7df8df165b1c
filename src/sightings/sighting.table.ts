import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Species } from '../searches/search.table.ts'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface SightingTable {
  id: Generated<string>
  camera_id: string
  client_id: string
  species: Species
  cell: string
  captured_at: Timestamp
  score: number
  model_id: string
  /** pgvector text form, e.g. '[0.1,0.2]'; read back as the same text. */
  embedding: string
  /** The embedding's sign bits as a bit string, computed by the database (binary_quantize); never written. */
  embedding_code: ColumnType<string, never, never>
  snapshot_ref: string
  received_at: Generated<Date>
  expires_at: Timestamp
}

export type Sighting = Selectable<SightingTable>

/** A capture-time partition of sightings, and whether the layout job has ordered it. */
export interface SightingPartitionTable {
  name: string
  range_start: Timestamp
  range_end: Timestamp
  ordered_at: Date | null
  ordered_rows: string | null
}
