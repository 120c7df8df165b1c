import type { ColumnType, Generated } from 'kysely'

export type NotificationChannel = 'email' | 'webhook' | 'push'

export interface AlertNotification {
  readonly type: 'alert.opened'
  readonly alertId: string
  readonly pet: { readonly name: string; readonly species: 'dog' | 'cat'; readonly photoUrl: string | null }
  readonly sighting: { readonly capturedAt: string; readonly snapshotRef: string }
}

export interface NotificationSettingsTable {
  user_id: string
  email_enabled: Generated<boolean>
  webhook_url: string | null
  webhook_secret: string | null
  updated_at: Generated<Date>
}

export interface NotificationOutboxTable {
  id: Generated<string>
  idempotency_key: string
  user_id: string
  channel: NotificationChannel
  /** Set for push rows: the one browser this row delivers to. */
  push_subscription_id: string | null
  payload: ColumnType<AlertNotification, string, string>
  status: Generated<'pending' | 'sent'>
  attempts: Generated<number>
  last_error: string | null
  created_at: Generated<Date>
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}
