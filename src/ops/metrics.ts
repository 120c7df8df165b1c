import type { Kysely } from 'kysely'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Database } from '../db/database.ts'
import type { SightingCodeCache } from '../matches/sighting-code-cache.ts'
import { listQueueBacklogs, outboxBacklog } from './ops.repository.ts'

export interface MetricsSources {
  readonly db: Kysely<Database>
  /** Absent when this process holds no cache (MATCH_CODE_CACHE=off). */
  readonly codeCache?: SightingCodeCache | undefined
  readonly role: string
  /** Process metrics (CPU, memory, event loop); off where the runtime has no process to read them from (a Worker). */
  readonly processMetrics?: boolean
}

/**
 * The process's Prometheus metrics. Labels are route templates, queue names, job states and HTTP
 * methods/statuses only: never a path with ids in it, a user, a camera, a cell or a token. Database-backed
 * gauges (queues, outbox) are read when scraped; if the database does not answer, homeward_database_up
 * is 0 and those gauges keep their last values.
 */
export class OpsMetrics {
  readonly registry = new Registry()
  private readonly requests: Counter<'method' | 'route' | 'status'>
  private readonly requestSeconds: Histogram<'method' | 'route'>
  private readonly matchSeconds: Histogram<'queue' | 'outcome'>
  private readonly auditVerifyOk: Gauge
  private readonly auditVerifyAt: Gauge
  private readonly auditUnanchored: Gauge

  constructor(sources: MetricsSources) {
    const registers = [this.registry]
    this.registry.setDefaultLabels({ role: sources.role })
    if (sources.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'homeward_' })
    this.requests = new Counter({
      name: 'homeward_http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    })
    this.requestSeconds = new Histogram({
      name: 'homeward_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template',
      labelNames: ['method', 'route'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    })
    this.matchSeconds = new Histogram({
      name: 'homeward_match_duration_seconds',
      help: 'Time a match job took in this process, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    })
    // Set by this process's audit-verify job (workers/audit-verifier.ts); -1 until it first ran here, so that an
    // alert on `== 0` fires on a failed verification only (an API-only process never runs it).
    this.auditVerifyOk = new Gauge({
      name: 'homeward_audit_verify_ok',
      help: '1 when the last audit log verification (hash chain and keyed checkpoints) passed, 0 when it failed, -1 before the first in this process',
      registers,
    })
    this.auditVerifyAt = new Gauge({
      name: 'homeward_audit_verify_last_run_timestamp_seconds',
      help: 'When this process last verified the audit log (0: never)',
      registers,
    })
    this.auditUnanchored = new Gauge({
      name: 'homeward_audit_unanchored_rows',
      help: 'Audit rows after the last checkpoint at the last verification (-1: none yet)',
      registers,
    })
    this.auditVerifyOk.set(-1)
    this.auditUnanchored.set(-1)
    // One database read serves every gauge below that needs it, however the registry orders their collects.
    let read: { at: number; done: Promise<void> } | undefined
    const fresh = () => {
      if (!read || Date.now() - read.at > 1000) read = { at: Date.now(), done: readDatabase() }
      return read.done
    }
    const fromDatabase = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers, collect: fresh })
    const databaseUp = fromDatabase('homeward_database_up', '1 when the last scrape could read the database')
    const queueJobs = fromDatabase(
      'homeward_job_queue_jobs',
      'Jobs waiting (created, retry) or running (active), per queue',
      ['queue', 'state'],
    )
    const queueAge = fromDatabase(
      'homeward_job_queue_oldest_seconds',
      'Age of the oldest job in this queue and state',
      ['queue', 'state'],
    )
    const outboxPending = fromDatabase(
      'homeward_outbox_pending',
      'Notifications written to the outbox and not delivered yet',
    )
    const outboxAge = fromDatabase(
      'homeward_outbox_oldest_pending_seconds',
      'Age of the oldest undelivered notification',
    )
    async function readDatabase() {
      try {
        const [backlogs, outbox] = await Promise.all([listQueueBacklogs(sources.db), outboxBacklog(sources.db)])
        queueJobs.reset()
        queueAge.reset()
        for (const b of backlogs) {
          queueJobs.set({ queue: b.queue, state: b.state }, b.jobs)
          queueAge.set({ queue: b.queue, state: b.state }, b.oldestSeconds)
        }
        outboxPending.set(outbox.pending)
        outboxAge.set(outbox.oldestSeconds)
        databaseUp.set(1)
      } catch {
        databaseUp.set(0)
      }
    }
    const cache = sources.codeCache
    if (cache) {
      new Gauge({
        name: 'homeward_code_cache_sightings',
        help: 'Sightings whose sign-bit codes this process holds',
        registers,
        collect() {
          this.set(cache.index.size)
        },
      })
      new Gauge({
        name: 'homeward_code_cache_bytes',
        help: 'Bytes of typed arrays the code cache holds',
        registers,
        collect() {
          this.set(cache.index.bytes)
        },
      })
      new Gauge({
        name: 'homeward_code_cache_watermark',
        help: 'Every sighting id up to this is in the code cache',
        registers,
        collect() {
          this.set(cache.watermarkId)
        },
      })
      new Gauge({
        name: 'homeward_code_cache_refresh_lag_seconds',
        help: 'Seconds since the code cache last caught up with the table (searches read newer sightings from it)',
        registers,
        collect() {
          this.set(cache.refreshedAt === undefined ? -1 : (Date.now() - cache.refreshedAt) / 1000)
        },
      })
    }
  }

  /** Counts and times a request under its route template (`/api/searches/:id`, never the path itself). */
  observeRequest(method: string, route: string, status: number, seconds: number) {
    this.requests.inc({ method, route, status: String(status) })
    this.requestSeconds.observe({ method, route }, seconds)
  }

  observeMatch(queue: string, outcome: 'done' | 'failed', seconds: number) {
    this.matchSeconds.observe({ queue, outcome }, seconds)
  }

  observeAuditVerify(ok: boolean, unanchoredRows: number, at: Date) {
    this.auditVerifyOk.set(ok ? 1 : 0)
    this.auditVerifyAt.set(at.getTime() / 1000)
    this.auditUnanchored.set(unanchoredRows)
  }

  /** Prometheus' text format (content type: `contentType`). */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
