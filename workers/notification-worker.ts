import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import { workConcurrently } from '../src/jobs/wake.ts'
import type { Logger } from '../src/logger.ts'
import type { Channels } from '../src/notifications/notification.channels.ts'
import {
  DELIVER_NOTIFICATION_QUEUE,
  DELIVER_REMOTE_NOTIFICATION_QUEUE,
  type DeliverNotificationJob,
} from '../src/notifications/notification.queue.ts'
import { deliverNotification } from '../src/notifications/notification.service.ts'

/** Workers per process for webhooks and pushes; each owner's channel holds at most one of them at a time. */
const REMOTE_WORKERS = 4

/** Woken when an alert's delivery jobs commit in this process (see Notifier); polls for the rest and for retries. */
export async function startNotificationWorker(
  boss: PgBoss,
  deps: { db: Kysely<Database>; channels: Channels },
  logger: Logger,
  options: { pollingIntervalSeconds?: number } = {},
) {
  const deliver = async (job: { data: DeliverNotificationJob }) => {
    const outcome = await deliverNotification(deps, job.data.outboxId)
    logger.debug({ outboxId: job.data.outboxId, outcome }, 'notification delivery')
    return outcome
  }
  const polling = options.pollingIntervalSeconds ?? 0.5
  await workConcurrently<DeliverNotificationJob>(boss, DELIVER_NOTIFICATION_QUEUE, 2, polling, deliver, {
    groupConcurrency: 1,
  })
  await workConcurrently<DeliverNotificationJob>(
    boss,
    DELIVER_REMOTE_NOTIFICATION_QUEUE,
    REMOTE_WORKERS,
    polling,
    deliver,
    { groupConcurrency: 1 },
  )
}
