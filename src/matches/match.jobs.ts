/** The match queues and their job payloads: what the API enqueues (on Node or in a Worker) and the match workers take. */
export const MATCH_SEARCH_QUEUE = 'match-search'
export const MATCH_SIGHTINGS_QUEUE = 'match-sightings'
export const MATCH_FOUND_QUEUE = 'match-found-report'

export interface MatchSearchJob {
  readonly searchId: string
}
export interface MatchFoundJob {
  readonly foundReportId: string
}
export interface MatchSightingsJob {
  readonly cameraId: string
  readonly sightingIds: readonly string[]
}
