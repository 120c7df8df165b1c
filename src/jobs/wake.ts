import type { Job, PgBoss } from 'pg-boss'

/**
 * Wakes the workers of a queue that run on this PgBoss instance, so a job enqueued here is fetched at
 * once rather than on the worker's next poll. Call it only after the enqueuing transaction has
 * committed: inside the transaction the job is not visible to the worker's fetch yet.
 *
 * Only this process's workers hear it (pg-boss's notifyWorker is in-memory). A worker in another
 * process hears the job's NOTIFY on PostgreSQL (startJobQueue); on PGlite there is no other process.
 * A retry coming due waits for the next poll.
 */
export type WakeWorkers = () => void

const workersByBoss = new WeakMap<PgBoss, Map<string, Set<string>>>()

export function wakeWorkers(boss: PgBoss, queue: string): WakeWorkers {
  return () => {
    for (const workerId of workersByBoss.get(boss)?.get(queue) ?? []) boss.notifyWorker(workerId)
  }
}

/**
 * A worker that takes one job per fetch (so each job keeps its own retries), polls every
 * `pollingIntervalSeconds` (also while NOTIFY wakes it: retries come due without one), is woken by
 * wakeWorkers and by a new job's NOTIFY, and fetches again at once after a fetch found a job, so a
 * backlog drains at handler speed rather than one job a poll. (pg-boss's own burstWhenBatchFull does
 * nothing at batchSize 1.)
 */
export async function workOneAtATime<T>(
  boss: PgBoss,
  queue: string,
  pollingIntervalSeconds: number,
  handler: (job: Job<T>) => Promise<unknown>,
  options: { readonly groupConcurrency?: number } = {},
): Promise<string> {
  let workerId = ''
  const fetch = {
    pollingIntervalSeconds,
    notifyPollingIntervalSeconds: pollingIntervalSeconds,
    batchSize: 1,
    ...(options.groupConcurrency && { groupConcurrency: options.groupConcurrency }),
  }
  workerId = await boss.work<T>(queue, fetch, async ([job]) => {
    if (!job) return
    try {
      return await handler(job)
    } finally {
      // Marks the running worker as notified, so it skips its poll delay once this job is done.
      boss.notifyWorker(workerId)
    }
  })
  const byQueue = workersByBoss.get(boss) ?? new Map<string, Set<string>>()
  workersByBoss.set(boss, byQueue)
  byQueue.set(queue, (byQueue.get(queue) ?? new Set()).add(workerId))
  return workerId
}

/**
 * `count` workers of workOneAtATime on one queue, each woken by wakeWorkers (pg-boss's own localConcurrency
 * hands back only its first worker's id). With `groupConcurrency`, jobs of one group (sent with
 * `group: { id }`) never hold more than that many of them at once, across every process.
 */
export async function workConcurrently<T>(
  boss: PgBoss,
  queue: string,
  count: number,
  pollingIntervalSeconds: number,
  handler: (job: Job<T>) => Promise<unknown>,
  options: { readonly groupConcurrency?: number } = {},
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(await workOneAtATime(boss, queue, pollingIntervalSeconds, handler, options))
  return ids
}
