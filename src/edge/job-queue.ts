import { CompiledQuery, type Kysely } from 'kysely'
// pg-boss's own statement for send(): its package has no exports map, and plans.js needs no socket, so the
// Worker writes exactly the job row pg-boss would (defaults from the queue row, the NOTIFY with the commit).
import { insertJobs } from 'pg-boss/dist/plans.js'
import type { Database } from '../db/database.ts'
import type { WakeWorkers } from '../jobs/wake.ts'
import {
  MATCH_FOUND_QUEUE,
  MATCH_SEARCH_QUEUE,
  MATCH_SIGHTINGS_QUEUE,
  type MatchFoundJob,
  type MatchSearchJob,
  type MatchSightingsJob,
} from '../matches/match.jobs.ts'
import {
  TRAIL_NOTICE_DELAY_MS,
  TRAIL_NOTICE_QUEUE,
  type MatchQueue,
  type TrailNoticeJob,
} from '../matches/match.queue.ts'
import { scheduleTrailNotice } from '../matches/trail-notice.repository.ts'
import { notifierOn, type Notifier } from '../notifications/notification.outbox.ts'

const SCHEMA = 'pgboss'

interface QueueRow {
  readonly table_name: string
  readonly notify: boolean
}

/** No worker runs in the Worker: the Node workers hear the job's NOTIFY, so there is nothing to wake here. */
const nothingToWake: WakeWorkers = () => {}

/**
 * Enqueues through the caller's transaction, as pg-boss's send({ db }) does on Node, so a job is committed
 * with the rows it is about. The queues are created by the Node workers (ensureQueue at their start);
 * a queue that does not exist yet fails the request rather than losing its job.
 */
export function createEdgeJobQueue() {
  const queues = new Map<string, QueueRow>()
  const queueRow = async (db: Kysely<Database>, name: string) => {
    const cached = queues.get(name)
    if (cached) return cached
    const { rows } = await db.executeQuery<QueueRow>(
      CompiledQuery.raw(`SELECT table_name, notify FROM ${SCHEMA}.queue WHERE name = $1`, [name]),
    )
    if (!rows[0]) throw new Error(`job queue ${name} does not exist: start the Node workers once (they create it)`)
    queues.set(name, rows[0])
    return rows[0]
  }
  const send = async (
    db: Kysely<Database>,
    name: string,
    data: object,
    group?: { readonly id: string },
    startAfter?: Date,
  ) => {
    const queue = await queueRow(db, name)
    const text = insertJobs(SCHEMA, { table: queue.table_name, name, returnId: true, notify: queue.notify })
    const job = {
      data,
      groupId: group?.id ?? null,
      singletonOffset: 0,
      ...(startAfter && { startAfter: startAfter.toISOString() }),
    }
    await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify([job])]))
    return nothingToWake
  }
  const matchQueue: MatchQueue = {
    searchChanged: (trx, searchId) => send(trx, MATCH_SEARCH_QUEUE, { searchId } satisfies MatchSearchJob),
    sightingsArrived: (trx, job) => send(trx, MATCH_SIGHTINGS_QUEUE, job satisfies MatchSightingsJob),
    foundReported: (trx, foundReportId) => send(trx, MATCH_FOUND_QUEUE, { foundReportId } satisfies MatchFoundJob),
    async trailActivity(trx, searchId, now) {
      const due = await scheduleTrailNotice(trx, searchId, new Date(now.getTime() + TRAIL_NOTICE_DELAY_MS))
      if (due) await send(trx, TRAIL_NOTICE_QUEUE, { searchId } satisfies TrailNoticeJob, undefined, due)
    },
  }
  // Owner notices (a shared snapshot, a relay message) are raised in the API; the Node workers deliver them.
  const notifier: Notifier = notifierOn(
    async (trx, queue, job, group) => void (await send(trx, queue, job, group)),
    nothingToWake,
  )
  return { matchQueue, notifier, send }
}
