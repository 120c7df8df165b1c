import type { Generated } from 'kysely'

export interface RelayThreadTable {
  id: Generated<string>
  search_id: string
  contact_id: string
  created_at: Generated<Date>
  last_message_at: Generated<Date>
}

export interface RelayMessageTable {
  id: Generated<string>
  thread_id: string
  author_id: string
  body: string
  created_at: Generated<Date>
}
