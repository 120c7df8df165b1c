/** Below this, a count is shown as "<5": on a quiet instance an exact 1 or 2 tells whose camera matched and what they did. */
export const SMALL_COUNT = 5
/** How many completed UTC days the report covers. */
export const REPORT_DAYS = 30

export type Bucketed = number | `<${typeof SMALL_COUNT}`

export function bucket(n: number): Bucketed {
  return n === 0 || n >= SMALL_COUNT ? n : `<${SMALL_COUNT}`
}

export const dayOf = (date: Date) => date.toISOString().slice(0, 10)

/** The report's window: the last REPORT_DAYS whole UTC days before `now` (today, still moving, is left out). */
export function reportWindow(now: Date) {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const from = new Date(to.getTime() - REPORT_DAYS * 86_400_000)
  const days = Array.from({ length: REPORT_DAYS }, (_, i) => dayOf(new Date(from.getTime() + i * 86_400_000)))
  return { from, to, days }
}

export const METRICS = [
  'searchesOpened',
  'petsHome',
  'cameraMatches',
  'snapshotsShared',
  'alertsDeclined',
  'consentRevocations',
  'sightingsDeletedByRevocation',
  'lookalikeSearchesHeld',
  'lookalikeSearchesRefused',
  'accountsDeleted',
] as const
export type Metric = (typeof METRICS)[number]
