import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Species } from '../contracts/species.ts'

export type { Species }
/** 'held': its photos match another account's open search nearby; waits for that owner's decision. */
export type SearchStatus = 'active' | 'found' | 'closed' | 'expired' | 'held'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface LostSearchTable {
  id: Generated<string>
  owner_id: string
  species: Species
  name: string
  description: Generated<string>
  last_seen_at: Timestamp
  /** Null since sql/0018: the point is sealed in last_seen_sealed; the service fills these for the owner only. */
  last_seen_lat: number | null
  last_seen_lng: number | null
  last_seen_sealed: string | null
  last_seen_cell: string
  radius_m: number
  status: Generated<SearchStatus>
  expires_at: Timestamp
  closed_at: Timestamp | null
  share_public_key: ColumnType<string | null, string | null | undefined, string | null>
  share_key_replaced_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** Set by retention (sql/0050): photos, name, description and point are gone. */
  stripped_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface SearchPhotoTable {
  id: Generated<string>
  search_id: string
  position: number
  storage_key: string
  content_type: string
  width: number
  height: number
  bytes: number
  model_id: string | null
  embedding: string | null
  created_at: Generated<Date>
  /** When its people were masked (sql/0070): null for a photo stored before masking, never served until the backfill masks it. */
  masked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  mask_version: ColumnType<number | null, number | null | undefined, number | null>
  /** The backfill found a person as the main subject: the file is gone and the photo is never served. */
  mask_refused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export type LostSearch = Selectable<LostSearchTable>
export type SearchPhoto = Selectable<SearchPhotoTable>
