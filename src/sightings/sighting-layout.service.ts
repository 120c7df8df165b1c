import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import * as repo from './sighting-layout.repository.ts'
import {
  isPastRetention,
  isReadyToOrder,
  partitionWindowsBetween,
  PARTITIONS_AHEAD_HOURS,
  SIGHTING_PARTITION_HOURS,
} from './sighting-partition.rules.ts'

const HOUR_MS = 60 * 60 * 1000

export interface LayoutRun {
  readonly created: string[]
  readonly ordered: { name: string; rows: number; ms: number }[]
  readonly dropped: string[]
}

/**
 * Keeps the sightings table ordered for matching while they keep arriving in time order: creates the
 * coming windows' partitions, rewrites each closed window once in candidate-index order and vacuums it
 * (so index-only scans skip its heap), and drops windows whose sightings have all expired.
 */
export async function maintainSightingLayout(db: Kysely<Database>, now = new Date()): Promise<LayoutRun> {
  const created: string[] = []
  const windows = partitionWindowsBetween(
    new Date(now.getTime() - SIGHTING_PARTITION_HOURS * HOUR_MS),
    new Date(now.getTime() + PARTITIONS_AHEAD_HOURS * HOUR_MS),
  )
  for (const w of windows) if (await repo.createSightingPartition(db, w)) created.push(w.name)
  const ordered: LayoutRun['ordered'] = []
  const dropped: string[] = []
  for (const p of await repo.listSightingPartitions(db)) {
    if (isPastRetention(p.range_end, now)) {
      await repo.dropSightingPartition(db, p.name)
      dropped.push(p.name)
    } else if (!p.ordered_at && isReadyToOrder(p.range_end, now)) {
      const started = performance.now()
      const rows = await repo.orderSightingPartition(db, p.name)
      ordered.push({ name: p.name, rows, ms: Math.round(performance.now() - started) })
    }
  }
  return { created, ordered, dropped }
}

/** Creates every window's partition between two times (a bulk load, or the bench). */
export async function createSightingPartitionsBetween(db: Kysely<Database>, from: Date, to: Date): Promise<string[]> {
  const created: string[] = []
  for (const w of partitionWindowsBetween(from, to)) if (await repo.createSightingPartition(db, w)) created.push(w.name)
  return created
}
