// Pure: the server's matching rules (issue 4), applied on the device in private mode. The cell and
// radius rule is the server's: it sends only searches whose area reaches this camera's cell.
import { ALERT_DEDUPE_WINDOW_MS, LOOKBACK_BEFORE_LAST_SEEN_MS } from '../../contracts/matching-windows.ts'
import type { Species } from '../../contracts/species.ts'
import { cosineSimilarity } from '../../vision/vector.ts'
import type { PublicSearch } from '../server-client.ts'

export interface LocalSighting {
  readonly clientId: string
  readonly species: Species
  readonly modelId: string
  readonly capturedAt: Date
  readonly embedding: Float32Array
}

export interface LocalMatch {
  readonly searchId: string
  readonly sightingClientId: string
  readonly matchedAt: Date
  readonly score: number
}

/** Best similarity between a sighting and a search's photos of the same model, or undefined when it is no candidate. */
export function scoreCandidate(sighting: LocalSighting, search: PublicSearch): number | undefined {
  if (sighting.species !== search.species) return undefined
  if (sighting.capturedAt.getTime() < Date.parse(search.lastSeenAt) - LOOKBACK_BEFORE_LAST_SEEN_MS) return undefined
  const photos = search.embeddings.filter(
    (e) => e.modelId === sighting.modelId && e.vector.length === sighting.embedding.length,
  )
  if (!photos.length) return undefined
  return Math.max(...photos.map((p) => cosineSimilarity(sighting.embedding, p.vector)))
}

/** For each search, the best sighting that passes its model's threshold. */
export function findMatches(
  sightings: readonly LocalSighting[],
  searches: readonly PublicSearch[],
  thresholdOf: (modelId: string) => number,
): LocalMatch[] {
  const matches: LocalMatch[] = []
  for (const search of searches) {
    let best: LocalMatch | undefined
    for (const sighting of sightings) {
      const score = scoreCandidate(sighting, search)
      if (score === undefined || score < thresholdOf(sighting.modelId)) continue
      if (!best || score > best.score)
        best = { searchId: search.id, sightingClientId: sighting.clientId, matchedAt: sighting.capturedAt, score }
    }
    if (best) matches.push(best)
  }
  return matches
}

/** At most one report per search per 6 hours from this camera, as the server dedupes alerts. */
export function shouldReport(lastReportedAt: Date | undefined, now: Date): boolean {
  return !lastReportedAt || now.getTime() - lastReportedAt.getTime() >= ALERT_DEDUPE_WINDOW_MS
}
