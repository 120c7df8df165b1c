import type { Kysely } from 'kysely'
import { fromKysely, type PgBoss } from 'pg-boss'
import type { Database } from '../db/database.ts'
import * as repo from './notification.repository.ts'
import { outboxKey } from './notification.rules.ts'
import type { AlertNotification, NotificationChannel } from './notification.table.ts'

export const DELIVER_NOTIFICATION_QUEUE = 'deliver-notification'

export interface DeliverNotificationJob {
  readonly outboxId: string
}

export interface Notifier {
  /** Inside the transaction that opens the alert: one outbox row and one delivery job per channel. */
  alertOpened(trx: Kysely<Database>, ownerId: string, notification: AlertNotification): Promise<void>
}

export async function createNotifier(boss: PgBoss): Promise<Notifier> {
  await boss.createQueue(DELIVER_NOTIFICATION_QUEUE, { retryLimit: 8, retryDelay: 5, retryBackoff: true })
  return {
    async alertOpened(trx, ownerId, notification) {
      const settings = await repo.findSettings(trx, ownerId)
      const channels: NotificationChannel[] = []
      if (settings?.email_enabled ?? true) channels.push('email')
      if (settings?.webhook_url && settings.webhook_secret) channels.push('webhook')
      for (const channel of channels) {
        const outboxId = await repo.insertOutbox(trx, { idempotencyKey: outboxKey(notification.alertId, channel), userId: ownerId, channel, payload: notification })
        if (outboxId) await boss.send(DELIVER_NOTIFICATION_QUEUE, { outboxId } satisfies DeliverNotificationJob, { db: fromKysely(trx) })
      }
    },
  }
}
