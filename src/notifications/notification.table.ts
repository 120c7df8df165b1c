import type { ColumnType, Generated } from 'kysely'
import type { Species } from '../contracts/species.ts'

export type NotificationChannel = 'email' | 'webhook' | 'push' | 'in_app'

/** What a notification is about: a camera owner's alert, or one of the pet owner's four. */
export type NotificationKind = 'alert' | 'share' | 'trail' | 'found' | 'relay'
export type OwnerNoticeKind = Exclude<NotificationKind, 'alert'>

export interface AlertNotification {
  readonly type: 'alert.opened'
  readonly alertId: string
  readonly pet: { readonly name: string; readonly species: Species; readonly photoUrl: string | null }
  readonly sighting: { readonly capturedAt: string; readonly snapshotRef: string }
}

/**
 * A pet owner's notice, written out when it is queued (in the owner's time zone): the same words reach
 * email, push and the in-app list. It names the pet and a page of the owner's own, never a camera, a
 * cell or a person.
 */
export interface OwnerNotification {
  readonly type: `${OwnerNoticeKind}.notice`
  readonly kind: OwnerNoticeKind
  /** The event's identity (share id, found report id, message id, trail batch): one notice per event. */
  readonly eventId: string
  readonly title: string
  readonly body: string
  /** Path of the page where it is seen, e.g. /lost/<id>#shares-heading. */
  readonly url: string
  readonly at: string
}

export type NotificationPayload = AlertNotification | OwnerNotification

export const isOwnerNotification = (n: NotificationPayload): n is OwnerNotification => n.type !== 'alert.opened'

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
