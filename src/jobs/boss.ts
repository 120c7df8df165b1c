import type { PGlite } from '@electric-sql/pglite'
import type { Kysely } from 'kysely'
import { PgBoss, type ConstructorOptions, type QueueOptions, type Warning } from 'pg-boss'
import { createPgliteBossAdapter } from './pglite-boss-adapter.ts'

/** PGlite is shared with the app's Kysely; PostgreSQL gets pg-boss's own small `pg` pool. */
export type JobQueueTarget<DB> =
  | { readonly kind: 'pglite'; readonly pglite: PGlite; readonly kysely: Kysely<DB> }
  | { readonly kind: 'postgres'; readonly url: string }

export interface JobQueueOptions {
  /** Failures of pg-boss's own loops (polling, maintenance). Required: an unheard `error` event crashes the process. */
  readonly onError: (error: Error) => void
  /** Slow queries, queue backlogs, clock skew and the like. */
  readonly onWarning?: (warning: Warning) => void
  /** How often pg-boss fails jobs whose worker stopped heartbeating or ran past expiry (default 60 s). */
  readonly superviseIntervalSeconds?: number
}

/**
 * A running job refreshes its heartbeat every 5 s; a worker killed mid-job stops doing so, and the job is
 * failed and retried after this long plus a supervise pass, instead of pg-boss's 15-minute expiry.
 */
export const JOB_HEARTBEAT_SECONDS = 10

const POSTGRES_POOL_SIZE = 4
const STOP_TIMEOUT_MS = 10_000

const sharedOptions = {
  schema: 'pgboss',
  // One service, not a fleet: the instance registry's heartbeat row every 30 s would tell us nothing.
  registerInstance: false,
} satisfies ConstructorOptions

/** Creates and starts pg-boss, installing or migrating its `pgboss` schema on first start. */
export async function startJobQueue<DB>(target: JobQueueTarget<DB>, options: JobQueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    ...sharedOptions,
    ...optionsFor(target),
    ...(options.superviseIntervalSeconds && {
      superviseIntervalSeconds: options.superviseIntervalSeconds,
      monitorIntervalSeconds: options.superviseIntervalSeconds,
    }),
  })
  boss.on('error', options.onError)
  if (options.onWarning) boss.on('warning', options.onWarning)
  try {
    await boss.start()
  } catch (error) {
    // A start that fails partway leaves timers (and on PostgreSQL a pool) that only stop() clears.
    await boss.stop({ graceful: false }).catch(() => {})
    throw error
  }
  return boss
}

/**
 * Creates the queue, or brings an existing one to these options (createQueue alone leaves it as it was).
 * Every queue here notifies its workers of a new job (LISTEN/NOTIFY, on PostgreSQL).
 */
export async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions): Promise<void> {
  const withNotify = { ...options, notify: true }
  await boss.createQueue(name, withNotify)
  await boss.updateQueue(name, withNotify)
}

/**
 * Stops polling, lets active jobs finish for up to `timeoutMs`, then fails what is still running so
 * it is retried, and closes pg-boss's pool. On PGlite, call this before destroying Kysely: pg-boss's
 * last statements go through Kysely's connection.
 */
export async function stopJobQueue(boss: PgBoss, timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
  await boss.stop({ graceful: true, timeout: timeoutMs })
}

function optionsFor<DB>(target: JobQueueTarget<DB>): ConstructorOptions {
  if (target.kind === 'postgres') {
    // A job enqueued on a `notify` queue (ensureQueue) sends a NOTIFY with its commit, and this
    // instance's listener wakes its workers on that queue: a worker in a process apart from the one
    // that enqueued starts the job at once instead of on its next poll. Polling stays as the backstop.
    return {
      connectionString: target.url,
      max: POSTGRES_POOL_SIZE,
      application_name: 'homeward-jobs',
      useListenNotify: true,
    }
  }
  return {
    backend: 'pglite',
    db: createPgliteBossAdapter(target.pglite, target.kysely),
    // PGlite runs single-user with no autovacuum worker, so the vacuum health check would only ever
    // report that nothing vacuums the job tables.
    monitorVacuum: false,
  }
}
