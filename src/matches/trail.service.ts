import { coarseCellsOf, describeCoarseArea, widerCellOf } from '../geo/cells.ts'
import { TRAIL_DAYS } from '../searches/search.rules.ts'
import { getOwnSearch } from '../searches/search.service.ts'
import * as repo from './match.repository.ts'
import { effectiveRadiusM } from './match.rules.ts'
import { candidateFilterFor, withCachedNear, type MatchDeps } from './match.service.ts'
import { buildTrail, witnessFilter } from './trail.rules.ts'

/**
 * The pet owner's trail: how many sightings above the threshold, within the search's reach, fell in
 * each coarse area per hour. No camera, sighting or snapshot is named, and an area is shown only when
 * at least two independent, established camera owners could account for it (see trail.rules.ts).
 */
export async function searchTrail(
  deps: Pick<MatchDeps, 'db' | 'matching' | 'codeCache' | 'now'>,
  ownerId: string,
  searchId: string,
) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  const now = deps.now()
  const radiusM = Math.round(effectiveRadiusM(search.species, search.radius_m, search.last_seen_at, now))
  // A held search shows nothing until released; a genuine one shows places for its first TRAIL_DAYS only,
  // so a search left open cannot become a standing record of where a pet (and its walker) goes.
  const trailOver = now.getTime() - search.last_seen_at.getTime() > TRAIL_DAYS * 24 * 3600 * 1000
  if (search.status !== 'active' || trailOver)
    return { searchId: search.id, status: search.status, radiusM, areas: [], withheld: 0 }
  const counts = await repo.countCandidatesByCellHour(
    deps.db,
    await withCachedNear(deps, await candidateFilterFor(deps, search, now)),
  )
  const neighbourhood = [...new Set(counts.flatMap((c) => coarseCellsOf(widerCellOf(c.cell))))]
  const witnesses = await repo.trailWitnessesByCell(
    deps.db,
    neighbourhood,
    witnessFilter(ownerId, now, search.created_at),
  )
  const trail = buildTrail(counts, (cell) => witnesses.get(cell) ?? [], widerCellOf, coarseCellsOf)
  return {
    searchId: search.id,
    status: search.status,
    radiusM,
    areas: trail.counts.map((c) => ({ area: describeCoarseArea(c.cell), hour: c.hour, sightings: c.sightings })),
    withheld: trail.withheld,
  }
}
