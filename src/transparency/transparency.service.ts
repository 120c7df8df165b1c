import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { readDailyCounts } from './transparency.repository.ts'
import { bucket, dayOf, METRICS, reportWindow, SMALL_COUNT, type Bucketed, type Metric } from './transparency.rules.ts'

export type MetricCounts = Record<Metric, Bucketed>

export interface TransparencyReport {
  readonly generatedAt: string
  readonly from: string
  readonly to: string
  readonly smallCountsBelow: number
  readonly totals: MetricCounts
  readonly days: ({ readonly day: string } & MetricCounts)[]
  /** Exact, as they are about the operator, not about anyone using Homeward. */
  readonly thirdPartyDataRequests: Record<string, number>
}

const zeros = () => Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>
const bucketAll = (counts: Record<Metric, number>) =>
  Object.fromEntries(METRICS.map((m) => [m, bucket(counts[m])])) as MetricCounts

/** The report of the database a request uses (c.var.deps.db) for the completed UTC days before `now`. */
export type TransparencyReports = (db: Kysely<Database>, now: Date) => Promise<TransparencyReport>

/**
 * Builds the report for the completed UTC days before `now`; one report per day, so it is worked out once a
 * day. The cache outlives requests; the query runs on the database of the request that asks first.
 */
export function transparencyReports(): TransparencyReports {
  let cached: { key: string; report: Promise<TransparencyReport> } | undefined
  return (db, now) => {
    const { from, to, days } = reportWindow(now)
    const key = dayOf(to)
    if (cached?.key !== key) {
      const report = build(db, from, to, days)
      report.catch(() => (cached = undefined))
      cached = { key, report }
    }
    return cached.report
  }
}

async function build(db: Kysely<Database>, from: Date, to: Date, days: readonly string[]): Promise<TransparencyReport> {
  const perDay = new Map(days.map((day) => [day, zeros()]))
  const totals = zeros()
  const requests: Record<string, number> = {}
  for (const row of await readDailyCounts(db, from, to)) {
    if (row.metric.startsWith('requests.')) {
      const answer = row.metric.slice('requests.'.length)
      requests[answer] = (requests[answer] ?? 0) + row.n
      continue
    }
    const metric = row.metric as Metric
    const counts = perDay.get(row.day)
    if (counts) counts[metric] += row.n
    totals[metric] += row.n
  }
  return {
    generatedAt: to.toISOString(),
    from: dayOf(from),
    to: days[days.length - 1]!,
    smallCountsBelow: SMALL_COUNT,
    totals: bucketAll(totals),
    days: days.map((day) => ({ day, ...bucketAll(perDay.get(day)!) })),
    thirdPartyDataRequests: requests,
  }
}
