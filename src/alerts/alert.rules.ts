const HOUR_MS = 60 * 60 * 1000

/** At most one alert per (search, camera) in this window: a later match extends it. */
export const ALERT_DEDUPE_WINDOW_MS = 6 * HOUR_MS
export const SIGHTINGS_PER_ALERT = 3

export interface AlertSighting {
  readonly sightingId: string
  readonly capturedAt: string
  readonly snapshotRef: string
  readonly similarity: number
}

/** An alert's sightings as clients see them: without the server's internal sighting ids. */
export function toAlertSightingViews(sightings: readonly AlertSighting[]) {
  return sightings.map(({ capturedAt, snapshotRef, similarity }) => ({ capturedAt, snapshotRef, similarity }))
}

/** Keeps a camera's best sightings for one alert: highest similarity first, no sighting twice. */
export function mergeAlertSightings(
  current: readonly AlertSighting[],
  incoming: readonly AlertSighting[],
): AlertSighting[] {
  const byId = new Map<string, AlertSighting>()
  for (const s of [...current, ...incoming]) {
    const seen = byId.get(s.sightingId)
    if (!seen || seen.similarity < s.similarity) byId.set(s.sightingId, s)
  }
  return [...byId.values()].sort((a, b) => b.similarity - a.similarity).slice(0, SIGHTINGS_PER_ALERT)
}
