// Pure: the server's matching rules (issue 4), applied on the device in private mode. The cell and
// radius rule is the server's: it sends only searches whose area reaches this camera's cell.
import type { PublicSearch } from '../server-client.ts'

export const CAPTURE_BEFORE_LAST_SEEN_MS = 60 * 60 * 1000
export const REPORT_DEDUPE_MS = 6 * 60 * 60 * 1000

export interface LocalSighting {
  readonly clientId: string
  readonly species: 'dog' | 'cat'
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

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    dot += x * y
    na += x * x
    nb += y * y
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

/** Best similarity between a sighting and a search's photos of the same model, or undefined when it is no candidate. */
export function scoreCandidate(sighting: LocalSighting, search: PublicSearch): number | undefined {
  if (sighting.species !== search.species) return undefined
  if (sighting.capturedAt.getTime() < Date.parse(search.lastSeenAt) - CAPTURE_BEFORE_LAST_SEEN_MS) return undefined
  const photos = search.embeddings.filter((e) => e.modelId === sighting.modelId && e.vector.length === sighting.embedding.length)
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
      if (!best || score > best.score) best = { searchId: search.id, sightingClientId: sighting.clientId, matchedAt: sighting.capturedAt, score }
    }
    if (best) matches.push(best)
  }
  return matches
}

/** At most one report per search per 6 hours from this camera, as the server dedupes alerts. */
export function shouldReport(lastReportedAt: Date | undefined, now: Date): boolean {
  return !lastReportedAt || now.getTime() - lastReportedAt.getTime() >= REPORT_DEDUPE_MS
}
