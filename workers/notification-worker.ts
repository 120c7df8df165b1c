import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import type { Logger } from '../src/logger.ts'
import type { Channels } from '../src/notifications/notification.channels.ts'
import { DELIVER_NOTIFICATION_QUEUE, type DeliverNotificationJob } from '../src/notifications/notification.queue.ts'
import { deliverNotification } from '../src/notifications/notification.service.ts'

export async function startNotificationWorker(
  boss: PgBoss,
  deps: { db: Kysely<Database>; channels: Channels },
  logger: Logger,
  options: { pollingIntervalSeconds?: number } = {},
) {
  await boss.work<DeliverNotificationJob>(DELIVER_NOTIFICATION_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: 1, burstWhenBatchFull: true }, async ([job]) => {
    if (!job) return
    const outcome = await deliverNotification(deps, job.data.outboxId)
    logger.debug({ outboxId: job.data.outboxId, outcome }, 'notification delivery')
    return outcome
  })
}
