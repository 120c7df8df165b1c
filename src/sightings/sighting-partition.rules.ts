import { MAX_RETENTION_HOURS } from '../cameras/camera.rules.ts'

const HOUR_MS = 60 * 60 * 1000

/**
 * Sightings are partitioned by capture time in windows of this many hours (UTC-aligned). Only the open
 * window is in arrival order; a 72-hour search reads about 12 ordered windows and one unordered one.
 */
export const SIGHTING_PARTITION_HOURS = 6
/** Windows are created this far ahead, so sightings never wait for one (the default partition is a fallback). */
export const PARTITIONS_AHEAD_HOURS = 24
/** A window is ordered once it has been closed this long: late batches from an agent back online land first. */
export const ORDER_AFTER_CLOSE_MS = 30 * 60 * 1000

export interface PartitionWindow {
  readonly name: string
  readonly start: Date
  readonly end: Date
}

const SPAN_MS = SIGHTING_PARTITION_HOURS * HOUR_MS
const pad = (n: number) => String(n).padStart(2, '0')

/** The window holding `at`, named after its UTC start: sightings_20261125h06. */
export function partitionWindowAt(at: Date): PartitionWindow {
  const start = new Date(Math.floor(at.getTime() / SPAN_MS) * SPAN_MS)
  const name = `sightings_${start.getUTCFullYear()}${pad(start.getUTCMonth() + 1)}${pad(start.getUTCDate())}h${pad(start.getUTCHours())}`
  return { name, start, end: new Date(start.getTime() + SPAN_MS) }
}

/** Every window overlapping [from, to). */
export function partitionWindowsBetween(from: Date, to: Date): PartitionWindow[] {
  const windows: PartitionWindow[] = []
  for (let w = partitionWindowAt(from); w.start < to; w = partitionWindowAt(w.end)) windows.push(w)
  return windows
}

/** A partition name this code made; the only text ever spliced into DDL. */
export const isPartitionName = (name: string) => /^sightings_\d{8}h\d{2}$/.test(name)

export const isReadyToOrder = (end: Date, now: Date) => end.getTime() + ORDER_AFTER_CLOSE_MS <= now.getTime()

/** Every sighting in a window ending this long ago has expired under the longest retention. */
export const isPastRetention = (end: Date, now: Date) => end.getTime() + MAX_RETENTION_HOURS * HOUR_MS <= now.getTime()
