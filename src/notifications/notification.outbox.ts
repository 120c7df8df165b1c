// The notifier's rules over any job sender: what a Worker can run too (no pg-boss client here).
import type { Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import type { WakeWorkers } from '../jobs/wake.ts'
import { listPushSubscriptionsOfUser } from '../push/push-subscription.repository.ts'
import * as repo from './notification.repository.ts'
import { outboxKey } from './notification.rules.ts'
import type { AlertNotification } from '../contracts/notification-payload.ts'
import type { NotificationChannel } from './notification.table.ts'
import { listOptOuts, findTimeZone } from './notice.repository.ts'
import { ownerNotice, ownerOutboxKey, type OwnerEvent } from './owner-notice.rules.ts'

/** Email, through the operator's own mail server. */
export const DELIVER_NOTIFICATION_QUEUE = 'deliver-notification'
/**
 * Webhooks and pushes, to endpoints the account holder chose (a tarpit, if they like): apart from email, and
 * grouped by owner and channel so one account's slow endpoint holds at most one of the workers.
 */
export const DELIVER_REMOTE_NOTIFICATION_QUEUE = 'deliver-notification-remote'

const queueOf = (channel: NotificationChannel) =>
  channel === 'email' ? DELIVER_NOTIFICATION_QUEUE : DELIVER_REMOTE_NOTIFICATION_QUEUE

export interface DeliverNotificationJob {
  readonly outboxId: string
}

export interface Notifier {
  /**
   * Inside the transaction that opens the alert: one outbox row and one delivery job per channel.
   * Returns the wake-up for this process's delivery worker, to call after the commit.
   */
  alertOpened(trx: Transaction<Database>, ownerId: string, notification: AlertNotification): Promise<WakeWorkers>
  /**
   * Inside the transaction that records the event: the pet owner's (or a relay contact's) notice, one row
   * per channel they did not opt out of (email, each browser's push, in-app). Same contract as alertOpened.
   */
  ownerEvent(trx: Transaction<Database>, userId: string, event: OwnerEvent, now: Date): Promise<WakeWorkers>
}

type OutboxRow = Parameters<typeof repo.insertOutbox>[1]

/** Writes one delivery job in the caller's transaction: pg-boss's send on Node, its SQL statement in a Worker. */
export type DeliveryJobSender = (
  trx: Transaction<Database>,
  queue: string,
  job: DeliverNotificationJob,
  group: { readonly id: string },
) => Promise<void>

/** The notifier over any job sender; `wake` is what the caller runs after the commit to deliver at once. */
export function notifierOn(send: DeliveryJobSender, wake: WakeWorkers): Notifier {
  const enqueue = async (trx: Transaction<Database>, userId: string, rows: readonly OutboxRow[]) => {
    for (const row of rows) {
      const outboxId = await repo.insertOutbox(trx, row)
      const group = { id: `${userId}:${row.channel}` }
      if (outboxId && row.channel !== 'in_app')
        await send(trx, queueOf(row.channel), { outboxId } satisfies DeliverNotificationJob, group)
    }
    return wake
  }
  return {
    async alertOpened(trx, ownerId, notification) {
      const settings = await repo.findSettings(trx, ownerId)
      const off = new Set((await listOptOuts(trx, ownerId)).filter((o) => o.kind === 'alert').map((o) => o.channel))
      const channels: NotificationChannel[] = []
      if ((settings?.email_enabled ?? true) && !off.has('email')) channels.push('email')
      if (settings?.webhook_url && settings.webhook_secret) channels.push('webhook')
      const rows: OutboxRow[] = channels.map((channel) => ({
        idempotencyKey: outboxKey(notification.alertId, channel),
        userId: ownerId,
        channel,
        payload: notification,
      }))
      // One row per browser, so a retry for one never sends twice to another.
      if (!off.has('push'))
        for (const subscription of await listPushSubscriptionsOfUser(trx, ownerId))
          rows.push({
            idempotencyKey: outboxKey(notification.alertId, `push:${subscription.id}`),
            userId: ownerId,
            channel: 'push',
            payload: notification,
            pushSubscriptionId: subscription.id,
          })
      return enqueue(trx, ownerId, rows)
    },
    async ownerEvent(trx, userId, event, now) {
      const off = new Set((await listOptOuts(trx, userId)).filter((o) => o.kind === event.kind).map((o) => o.channel))
      const notice = ownerNotice(event, now, await findTimeZone(trx, userId))
      const base = { userId, payload: notice, kind: event.kind }
      const rows: OutboxRow[] = []
      if (!off.has('email')) rows.push({ ...base, idempotencyKey: ownerOutboxKey(notice, 'email'), channel: 'email' })
      if (!off.has('in_app'))
        rows.push({ ...base, idempotencyKey: ownerOutboxKey(notice, 'in_app'), channel: 'in_app' })
      if (!off.has('push'))
        for (const subscription of await listPushSubscriptionsOfUser(trx, userId))
          rows.push({
            ...base,
            idempotencyKey: ownerOutboxKey(notice, `push:${subscription.id}`),
            channel: 'push',
            pushSubscriptionId: subscription.id,
          })
      return enqueue(trx, userId, rows)
    },
  }
}
