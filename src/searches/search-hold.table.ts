import type { Generated } from 'kysely'

export interface SearchHoldTable {
  id: Generated<string>
  held_search_id: string
  first_search_id: string
  held_owner_id: string
  similarity: number
  decision: 'released' | 'refused' | null
  created_at: Generated<Date>
  decided_at: Date | null
}

export interface ProxyRefusalTable {
  id: Generated<string>
  created_at: Generated<Date>
}
