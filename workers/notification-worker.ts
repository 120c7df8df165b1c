import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import { workOneAtATime } from '../src/jobs/wake.ts'
import type { Logger } from '../src/logger.ts'
import type { Channels } from '../src/notifications/notification.channels.ts'
import { DELIVER_NOTIFICATION_QUEUE, type DeliverNotificationJob } from '../src/notifications/notification.queue.ts'
import { deliverNotification } from '../src/notifications/notification.service.ts'

/** Woken when an alert's delivery jobs commit in this process (see Notifier); polls for the rest and for retries. */
export async function startNotificationWorker(
  boss: PgBoss,
  deps: { db: Kysely<Database>; channels: Channels },
  logger: Logger,
  options: { pollingIntervalSeconds?: number } = {},
) {
  await workOneAtATime<DeliverNotificationJob>(boss, DELIVER_NOTIFICATION_QUEUE, options.pollingIntervalSeconds ?? 0.5, async (job) => {
    const outcome = await deliverNotification(deps, job.data.outboxId)
    logger.debug({ outboxId: job.data.outboxId, outcome }, 'notification delivery')
    return outcome
  })
}
