import type { Kysely } from 'kysely'
import { fromKysely, type PgBoss } from 'pg-boss'
import type { Database } from '../db/database.ts'
import { ensureQueue, JOB_HEARTBEAT_SECONDS } from '../jobs/boss.ts'
import { wakeWorkers, type WakeWorkers } from '../jobs/wake.ts'
import { listPushSubscriptionsOfUser } from '../push/push-subscription.repository.ts'
import * as repo from './notification.repository.ts'
import { outboxKey } from './notification.rules.ts'
import type { AlertNotification, NotificationChannel } from './notification.table.ts'

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
}

export async function createNotifier(boss: PgBoss): Promise<Notifier> {
  await ensureQueue(boss, DELIVER_NOTIFICATION_QUEUE, { retryLimit: 8, retryDelay: 5, retryBackoff: true, heartbeatSeconds: JOB_HEARTBEAT_SECONDS })
  // Fewer, capped retries: an endpoint that is down for a day is the owner's to fix, and the outbox keeps the row.
  await ensureQueue(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE, { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 600, heartbeatSeconds: JOB_HEARTBEAT_SECONDS })
  return {
    async alertOpened(trx, ownerId, notification) {
      const settings = await repo.findSettings(trx, ownerId)
      const channels: NotificationChannel[] = []
      if (settings?.email_enabled ?? true) channels.push('email')
      if (settings?.webhook_url && settings.webhook_secret) channels.push('webhook')
      const rows: Parameters<typeof repo.insertOutbox>[1][] = channels.map((channel) => ({ idempotencyKey: outboxKey(notification.alertId, channel), userId: ownerId, channel, payload: notification }))
      // One row per browser, so a retry for one never sends twice to another.
      for (const subscription of await listPushSubscriptionsOfUser(trx, ownerId))
        rows.push({ idempotencyKey: outboxKey(notification.alertId, `push:${subscription.id}`), userId: ownerId, channel: 'push', payload: notification, pushSubscriptionId: subscription.id })
      for (const row of rows) {
        const outboxId = await repo.insertOutbox(trx, row)
        const group = { id: `${ownerId}:${row.channel}` }
        if (outboxId) await boss.send(queueOf(row.channel), { outboxId } satisfies DeliverNotificationJob, { db: fromKysely(trx), group })
      }
      const wakeEmail = wakeWorkers(boss, DELIVER_NOTIFICATION_QUEUE)
      const wakeRemote = wakeWorkers(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE)
      return () => (wakeEmail(), wakeRemote())
    },
  }
}
