import type { PgBoss } from 'pg-boss'
import type { Logger } from '../src/logger.ts'
import { matchFoundReport } from '../src/found/found.service.ts'
import {
  MATCH_FOUND_QUEUE,
  MATCH_SEARCH_QUEUE,
  MATCH_SIGHTINGS_QUEUE,
  type MatchFoundJob,
  type MatchSearchJob,
  type MatchSightingsJob,
} from '../src/matches/match.queue.ts'
import { matchSearch, matchSightings, type MatchDeps } from '../src/matches/match.service.ts'

/**
 * Thin handlers: read the job, call the matching service, log what it did. A throw is retried. One job per
 * fetch keeps retries per job; while fetches keep finding work the worker fetches again at once instead of
 * waiting out the poll, so a backlog drains at matching speed rather than one batch a poll.
 */
export async function startMatchWorkers(boss: PgBoss, deps: MatchDeps, logger: Logger, options: { pollingIntervalSeconds?: number } = {}) {
  const work = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: 1, burstWhenBatchFull: true }
  await boss.work<MatchSearchJob>(MATCH_SEARCH_QUEUE, work, async ([job]) => {
    if (!job) return
    const outcome = await matchSearch(deps, job.data.searchId)
    logger.info({ searchId: job.data.searchId, outcome }, 'matched search')
    return outcome
  })
  await boss.work<MatchFoundJob>(MATCH_FOUND_QUEUE, work, async ([job]) => {
    if (!job) return
    const outcome = await matchFoundReport(deps, job.data.foundReportId)
    logger.info({ foundReportId: job.data.foundReportId, outcome }, 'matched found report')
    return outcome
  })
  await boss.work<MatchSightingsJob>(MATCH_SIGHTINGS_QUEUE, work, async ([job]) => {
    if (!job) return
    const outcome = await matchSightings(deps, job.data.cameraId, job.data.sightingIds)
    if (outcome.kind === 'done' && (outcome.alertsOpened || outcome.alertsUpdated))
      logger.info({ cameraId: job.data.cameraId, outcome }, 'matched sightings')
    return outcome
  })
}
