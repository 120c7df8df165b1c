import { findSearchOwner } from '../notifications/notice.repository.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import type { MatchDeps } from './match.service.ts'
import { lockTrailNotice, recordTrailNotice } from './trail-notice.repository.ts'
import { searchTrail } from './trail.service.ts'

export type TrailNoticeDeps = Pick<MatchDeps, 'db' | 'matching' | 'codeCache' | 'now'> & {
  readonly notifier: Pick<Notifier, 'ownerEvent'>
}

/**
 * Job: the batched trail notice of one search. It counts what the owner's trail shows now (so a sighting
 * the trail withholds, for too few witnesses, is never announced) and tells the owner only when that
 * grew since they were last told.
 */
export async function sendTrailNotice(deps: TrailNoticeDeps, searchId: string) {
  const search = await findSearchOwner(deps.db, searchId)
  if (!search) return { kind: 'skipped' as const, reason: 'search is gone' }
  const trail = await searchTrail(deps, search.owner_id, searchId)
  const visible = trail.areas.reduce((sum, area) => sum + area.sightings, 0)
  const now = deps.now()
  const wake = await deps.db.transaction().execute(async (trx) => {
    const state = await lockTrailNotice(trx, searchId)
    if (!state?.scheduled_for) return undefined // already sent by a run before this one
    const grown = visible - state.last_sightings
    if (grown <= 0) return void (await recordTrailNotice(trx, searchId, visible, undefined))
    await recordTrailNotice(trx, searchId, visible, now)
    const batchId = `${searchId}:${state.scheduled_for.toISOString()}`
    return deps.notifier.ownerEvent(
      trx,
      search.owner_id,
      { kind: 'trail', batchId, searchId, petName: search.name, newSightings: grown, at: now },
      now,
    )
  })
  wake?.()
  return { kind: 'done' as const, notified: wake !== undefined, visible }
}
