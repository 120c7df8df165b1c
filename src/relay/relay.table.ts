import type { ColumnType, Generated } from 'kysely'

export interface RelayThreadTable {
  id: Generated<string>
  search_id: string
  /** The contact's account; null in a guest's thread (sql/0060). */
  contact_id: string | null
  /** SHA-256 (hex) of the guest's reading-link token; the token itself is never stored. */
  guest_token_hash: string | null
  guest_expires_at: Date | null
  created_at: Generated<Date>
  last_message_at: Generated<Date>
}

export interface RelayMessageTable {
  id: Generated<string>
  thread_id: string
  /** null: written by the thread's guest. */
  author_id: string | null
  body: string
  /** A guest's "I saw this pet": when, the coarse cell only, and the checked photo's blob key. */
  seen_at: Date | null
  seen_cell: string | null
  photo_key: string | null
  created_at: Generated<Date>
  /** When its people were masked (sql/0070): null for a photo stored before masking, never served until the backfill masks it. */
  masked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  mask_version: ColumnType<number | null, number | null | undefined, number | null>
  /** The backfill found a person as the main subject: the file is gone and the photo is never served. */
  mask_refused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}
