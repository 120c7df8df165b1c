import type { Generated, Selectable } from 'kysely'

export interface PushSubscriptionTable {
  id: Generated<string>
  user_id: string
  endpoint: string
  p256dh: string
  auth: string
  created_at: Generated<Date>
}

export type PushSubscriptionRow = Selectable<PushSubscriptionTable>
