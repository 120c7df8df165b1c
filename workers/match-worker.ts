import type { PgBoss } from 'pg-boss'
import type { Logger } from '../src/logger.ts'
import { matchFoundReport } from '../src/found/found.service.ts'
import { workOneAtATime } from '../src/jobs/wake.ts'
import {
  MATCH_FOUND_QUEUE,
  MATCH_SEARCH_QUEUE,
  MATCH_SIGHTINGS_QUEUE,
  type MatchFoundJob,
  type MatchSearchJob,
  type MatchSightingsJob,
  TRAIL_NOTICE_QUEUE,
  type TrailNoticeJob,
} from '../src/matches/match.queue.ts'
import { sendTrailNotice } from '../src/matches/trail-notice.service.ts'
import { matchSearch, matchSightings, type MatchDeps } from '../src/matches/match.service.ts'
import type { OpsMetrics } from '../src/ops/metrics.ts'

function timed<T>(
  queue: string,
  metrics: Pick<OpsMetrics, 'observeMatch'> | undefined,
  handler: (job: T) => Promise<unknown>,
) {
  return async (job: T) => {
    const started = performance.now()
    let outcome: 'done' | 'failed' = 'failed'
    try {
      const result = await handler(job)
      outcome = 'done'
      return result
    } finally {
      metrics?.observeMatch(queue, outcome, (performance.now() - started) / 1000)
    }
  }
}

/**
 * Thin handlers: read the job, call the matching service, log what it did. A throw is retried. One job per
 * fetch keeps retries per job. A job enqueued in this process wakes its worker as soon as the enqueuing
 * transaction commits (MatchQueue's wake-up), and a worker that found a job fetches again at once, so a
 * backlog drains at matching speed. The poll is the backstop: for retries, and for jobs enqueued by
 * another process (an API process apart from the worker's), which wait up to one poll interval.
 */
export async function startMatchWorkers(
  boss: PgBoss,
  deps: MatchDeps,
  logger: Logger,
  options: { pollingIntervalSeconds?: number; metrics?: Pick<OpsMetrics, 'observeMatch'> } = {},
) {
  const poll = options.pollingIntervalSeconds ?? 0.5
  await workOneAtATime<MatchSearchJob>(
    boss,
    MATCH_SEARCH_QUEUE,
    poll,
    timed(MATCH_SEARCH_QUEUE, options.metrics, async (job) => {
      const outcome = await matchSearch(deps, job.data.searchId)
      logger.info({ searchId: job.data.searchId, outcome }, 'matched search')
      return outcome
    }),
  )
  await workOneAtATime<MatchFoundJob>(
    boss,
    MATCH_FOUND_QUEUE,
    poll,
    timed(MATCH_FOUND_QUEUE, options.metrics, async (job) => {
      const outcome = await matchFoundReport(deps, job.data.foundReportId)
      logger.info({ foundReportId: job.data.foundReportId, outcome }, 'matched found report')
      return outcome
    }),
  )
  await workOneAtATime<TrailNoticeJob>(boss, TRAIL_NOTICE_QUEUE, Math.max(poll, 5), async (job) => {
    const outcome = await sendTrailNotice(deps, job.data.searchId)
    logger.debug({ searchId: job.data.searchId, outcome }, 'trail notice')
    return outcome
  })
  await workOneAtATime<MatchSightingsJob>(
    boss,
    MATCH_SIGHTINGS_QUEUE,
    poll,
    timed(MATCH_SIGHTINGS_QUEUE, options.metrics, async (job) => {
      const outcome = await matchSightings(deps, job.data.cameraId, job.data.sightingIds)
      if (outcome.kind === 'done' && (outcome.alertsOpened || outcome.alertsUpdated))
        logger.info({ cameraId: job.data.cameraId, outcome }, 'matched sightings')
      return outcome
    }),
  )
}
