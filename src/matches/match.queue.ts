import type { Transaction } from 'kysely'
import { fromKysely, type PgBoss } from 'pg-boss'
import type { Database } from '../db/database.ts'
import { ensureQueue, JOB_HEARTBEAT_SECONDS } from '../jobs/boss.ts'
import { wakeWorkers, type WakeWorkers } from '../jobs/wake.ts'
import {
  MATCH_FOUND_QUEUE,
  MATCH_SEARCH_QUEUE,
  MATCH_SIGHTINGS_QUEUE,
  type MatchFoundJob,
  type MatchSearchJob,
  type MatchSightingsJob,
} from './match.jobs.ts'
import { scheduleTrailNotice } from './trail-notice.repository.ts'

export {
  MATCH_FOUND_QUEUE,
  MATCH_SEARCH_QUEUE,
  MATCH_SIGHTINGS_QUEUE,
  type MatchFoundJob,
  type MatchSearchJob,
  type MatchSightingsJob,
} from './match.jobs.ts'
/** The pet owner's batched "new sightings on the trail" notice, at most one an hour per search. */
export const TRAIL_NOTICE_QUEUE = 'notify-trail'
/** A burst of sightings (a cat lingering by one door) becomes one notice: the first waits this long. */
export const TRAIL_NOTICE_DELAY_MS = 5 * 60 * 1000

export interface TrailNoticeJob {
  readonly searchId: string
}

/**
 * Enqueues matching inside the caller's transaction (pg-boss writes its job row through the same
 * Kysely transaction), so stored sightings or a saved search never lose their matching job. Each
 * returns the wake-up for this process's match worker: call it after the commit, and the job is
 * matched now instead of on the worker's next poll.
 */
export interface MatchQueue {
  searchChanged(trx: Transaction<Database>, searchId: string): Promise<WakeWorkers>
  sightingsArrived(trx: Transaction<Database>, job: MatchSightingsJob): Promise<WakeWorkers>
  foundReported(trx: Transaction<Database>, foundReportId: string): Promise<WakeWorkers>
  /** Matched sightings for a search: one trail notice job, unless one is waiting already (trail_notices). */
  trailActivity(trx: Transaction<Database>, searchId: string, now: Date): Promise<void>
}

export async function createMatchQueues(boss: PgBoss): Promise<MatchQueue> {
  for (const name of [MATCH_SEARCH_QUEUE, MATCH_SIGHTINGS_QUEUE, MATCH_FOUND_QUEUE, TRAIL_NOTICE_QUEUE])
    await ensureQueue(boss, name, {
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
    })
  return {
    async searchChanged(trx, searchId) {
      await boss.send(MATCH_SEARCH_QUEUE, { searchId } satisfies MatchSearchJob, { db: fromKysely(trx) })
      return wakeWorkers(boss, MATCH_SEARCH_QUEUE)
    },
    async sightingsArrived(trx, job) {
      await boss.send(MATCH_SIGHTINGS_QUEUE, job, { db: fromKysely(trx) })
      return wakeWorkers(boss, MATCH_SIGHTINGS_QUEUE)
    },
    async foundReported(trx, foundReportId) {
      await boss.send(MATCH_FOUND_QUEUE, { foundReportId } satisfies MatchFoundJob, { db: fromKysely(trx) })
      return wakeWorkers(boss, MATCH_FOUND_QUEUE)
    },
    async trailActivity(trx, searchId, now) {
      const due = await scheduleTrailNotice(trx, searchId, new Date(now.getTime() + TRAIL_NOTICE_DELAY_MS))
      if (due)
        await boss.send(TRAIL_NOTICE_QUEUE, { searchId } satisfies TrailNoticeJob, {
          db: fromKysely(trx),
          startAfter: due,
        })
    },
  }
}
