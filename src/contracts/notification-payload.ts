// What a notification says, as the outbox stores it and the channels send it (the webhook's body, the
// in-app list, the push and the mail are made from it). Pure types and one guard: no runtime, no server code.
import type { Species } from './species.ts'

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
