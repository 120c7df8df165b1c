import { fromKysely, type PgBoss } from 'pg-boss'
import { ensureQueue, JOB_HEARTBEAT_SECONDS } from '../jobs/boss.ts'
import { wakeWorkers } from '../jobs/wake.ts'
import {
  DELIVER_NOTIFICATION_QUEUE,
  DELIVER_REMOTE_NOTIFICATION_QUEUE,
  notifierOn,
  type DeliveryJobSender,
  type Notifier,
} from './notification.outbox.ts'

export * from './notification.outbox.ts'

export async function createNotifier(boss: PgBoss): Promise<Notifier> {
  await ensureQueue(boss, DELIVER_NOTIFICATION_QUEUE, {
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
  })
  // Fewer, capped retries: an endpoint that is down for a day is the owner's to fix, and the outbox keeps the row.
  await ensureQueue(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE, {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 600,
    heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
  })
  const send: DeliveryJobSender = async (trx, queue, job, group) =>
    void (await boss.send(queue, job, { db: fromKysely(trx), group }))
  const wakeEmail = wakeWorkers(boss, DELIVER_NOTIFICATION_QUEUE)
  const wakeRemote = wakeWorkers(boss, DELIVER_REMOTE_NOTIFICATION_QUEUE)
  return notifierOn(send, () => (wakeEmail(), wakeRemote()))
}
