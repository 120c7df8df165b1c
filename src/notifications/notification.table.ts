import type { ColumnType, Generated } from 'kysely'
import type { NotificationKind, NotificationPayload } from '../contracts/notification-payload.ts'

export type NotificationChannel = 'email' | 'webhook' | 'push' | 'in_app'

export interface NotificationSettingsTable {
  user_id: string
  email_enabled: Generated<boolean>
  webhook_url: string | null
  webhook_secret: string | null
  time_zone: Generated<string>
  updated_at: Generated<Date>
}

export interface NotificationOutboxTable {
  id: Generated<string>
  idempotency_key: string
  user_id: string
  channel: NotificationChannel
  /** Set for push rows: the one browser this row delivers to. */
  push_subscription_id: string | null
  kind: Generated<NotificationKind>
  payload: ColumnType<NotificationPayload, string, string>
  status: Generated<'pending' | 'sent'>
  attempts: Generated<number>
  last_error: string | null
  created_at: Generated<Date>
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface NotificationOptOutTable {
  user_id: string
  kind: NotificationKind
  channel: 'email' | 'push' | 'in_app'
}

export interface TrailNoticeTable {
  search_id: string
  scheduled_for: Date | null
  last_notified_at: Date | null
  last_sightings: Generated<number>
}
