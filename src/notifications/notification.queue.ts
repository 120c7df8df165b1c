import type { Kysely } from 'kysely'
import { fromKysely, type PgBoss } from 'pg-boss'
import type { Database } from '../db/database.ts'
import { ensureQueue, JOB_HEARTBEAT_SECONDS } from '../jobs/boss.ts'
import { wakeWorkers, type WakeWorkers } from '../jobs/wake.ts'
import { listPushSubscriptionsOfUser } from '../push/push-subscription.repository.ts'
import * as repo from './notification.repository.ts'
import { outboxKey } from './notification.rules.ts'
import type { AlertNotification, NotificationChannel } from './notification.table.ts'
import { listOptOuts, findTimeZone } from './notice.repository.ts'
import { ownerNotice, ownerOutboxKey, type OwnerEvent } from './owner-notice.rules.ts'

/** Email, through the operator's own mail server. */
export const DELIVER_NOTIFICATION_QUEUE = 'deliver-notification'
/**
 * Webhooks and pushes, to endpoints the account holder chose (a tarpit, if they like): apart from email, and
 * grouped by owner and channel so one account's slow endpoint holds at most one of the workers.
 */
export const DELIVER_REMOTE_NOTIFICATION_QUEUE = 'deliver-notification-remote'

const queueOf = (channel: NotificationChannel) => (channel === 'email' ? DELIVER_NOTIFICATION_QUEUE : DELIVER_REMOTE_NOTIFICATION_QUEUE)

export interface DeliverNotificationJob {
  readonly outboxId: string
}

export interface Notifier {
  /**
   * Inside the transaction that opens the alert: one outbox row and one delivery job per channel.
   * Returns the wake-up for this process's delivery worker, to call after the commit.
   */
  alertOpened(trx: Kysely<Database>, ownerId: string, notification: AlertNotification): Promise<WakeWorkers>
  /**
   * Inside the transaction that records the event: the pet owner's (or a relay contact's) notice, one row
   * per channel they did not opt out of (email, each browser's push, in-app). Same contract as alertOpened.
   */
  ownerEvent(trx: Kysely<Database>, userId: string, event: OwnerEvent, now: Date): Promise<WakeWorkers>
}

type OutboxRow = Parameters<typeof repo.insertOutbox>[1]

export async function createNotifier(boss: PgBoss): Promise<Notifier> {
  await ensureQueue(boss, DELIVER_NOTIFICATION_QUEUE, { retryLimit: 8, retryDelay: 5, retryBackoff: true, heartbeatSeconds: JOB_HEARTBEAT_SECONDS })
  // Fewer, capped retries: an endpoint that is down for a day is the owner's to fix, and the outbox keeps the row.
  await ensureQueue(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE, { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 600, heartbeatSeconds: JOB_HEARTBEAT_SECONDS })
  const enqueue = async (trx: Kysely<Database>, userId: string, rows: readonly OutboxRow[]) => {
    for (const row of rows) {
      const outboxId = await repo.insertOutbox(trx, row)
      const group = { id: `${userId}:${row.channel}` }
      if (outboxId && row.channel !== 'in_app') await boss.send(queueOf(row.channel), { outboxId } satisfies DeliverNotificationJob, { db: fromKysely(trx), group })
    }
    const wakeEmail = wakeWorkers(boss, DELIVER_NOTIFICATION_QUEUE)
    const wakeRemote = wakeWorkers(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE)
    return () => (wakeEmail(), wakeRemote())
  }
  return {
    async alertOpened(trx, ownerId, notification) {
      const settings = await repo.findSettings(trx, ownerId)
      const off = new Set((await listOptOuts(trx, ownerId)).filter((o) => o.kind === 'alert').map((o) => o.channel))
      const channels: NotificationChannel[] = []
      if ((settings?.email_enabled ?? true) && !off.has('email')) channels.push('email')
      if (settings?.webhook_url && settings.webhook_secret) channels.push('webhook')
      const rows: OutboxRow[] = channels.map((channel) => ({ idempotencyKey: outboxKey(notification.alertId, channel), userId: ownerId, channel, payload: notification }))
      // One row per browser, so a retry for one never sends twice to another.
      if (!off.has('push'))
        for (const subscription of await listPushSubscriptionsOfUser(trx, ownerId))
          rows.push({ idempotencyKey: outboxKey(notification.alertId, `push:${subscription.id}`), userId: ownerId, channel: 'push', payload: notification, pushSubscriptionId: subscription.id })
      return enqueue(trx, ownerId, rows)
    },
    async ownerEvent(trx, userId, event, now) {
      const off = new Set((await listOptOuts(trx, userId)).filter((o) => o.kind === event.kind).map((o) => o.channel))
      const notice = ownerNotice(event, now, await findTimeZone(trx, userId))
      const base = { userId, payload: notice, kind: event.kind }
      const rows: OutboxRow[] = []
      if (!off.has('email')) rows.push({ ...base, idempotencyKey: ownerOutboxKey(notice, 'email'), channel: 'email' })
      if (!off.has('in_app')) rows.push({ ...base, idempotencyKey: ownerOutboxKey(notice, 'in_app'), channel: 'in_app' })
      if (!off.has('push'))
        for (const subscription of await listPushSubscriptionsOfUser(trx, userId))
          rows.push({ ...base, idempotencyKey: ownerOutboxKey(notice, `push:${subscription.id}`), channel: 'push', pushSubscriptionId: subscription.id })
      return enqueue(trx, userId, rows)
    },
  }
}
