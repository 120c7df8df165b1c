import { AppError, notFound } from '../errors.ts'
import { limitsOf } from '../http/abuse-limits.ts'
import * as endings from './search-ending.repository.ts'
import * as repo from './search.repository.ts'
import { isOpen, reopenDeadline, reopenedStatus } from './search.rules.ts'
import { getOwnSearch, type SearchDeps } from './search.service.ts'

export interface CloseInput {
  readonly outcome: 'found' | 'closed'
  /** Found reports (of this search's matches) that were this pet; unset: those whose finder wrote with the owner. */
  readonly foundReportIds?: readonly string[] | undefined
}

/**
 * Ends a search. "… is home" (found) also marks the found-pet reports of this reunion 'reunited', in the same
 * transaction, so they leave the feed; both are undone by reopenSearch within a day.
 */
export async function closeSearch(deps: SearchDeps, ownerId: string, id: string, input: CloseInput) {
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const locked = await endings.lockOwnSearchForEnding(trx, id, ownerId)
    if (!locked) throw notFound('Search')
    // A held search may be withdrawn by its owner; it cannot be marked found (it never ran).
    if (!isOpen(locked.status) && !(locked.status === 'held' && input.outcome === 'closed'))
      throw new AppError('CONFLICT', `The search is already ${locked.status}`)
    await repo.updateOwnSearch(trx, id, ownerId, { status: input.outcome, closed_at: now }, now)
    if (input.outcome !== 'found') return
    const ids = input.foundReportIds
      ? await endings.matchedActiveFoundReports(trx, id, input.foundReportIds)
      : await endings.foundReportsInTouch(trx, id)
    if (input.foundReportIds && ids.length !== new Set(input.foundReportIds).size) throw notFound('Found-pet match')
    await endings.markReunited(trx, id, ids, now)
  })
  return getOwnSearch(deps, ownerId, id)
}

/** Undo: a found or closed search goes back to searching within a day of closing; after that it stays closed. */
export async function reopenSearch(deps: SearchDeps, ownerId: string, id: string) {
  const now = deps.now()
  const { wakeMatcher } = await deps.db.transaction().execute(async (trx) => {
    const locked = await endings.lockOwnSearchForEnding(trx, id, ownerId)
    if (!locked) throw notFound('Search')
    const deadline = reopenDeadline(locked.status, locked.closed_at)
    if (!deadline) throw new AppError('CONFLICT', `A ${locked.status} search cannot be reopened`)
    if (now.getTime() > deadline.getTime())
      throw new AppError(
        'GONE',
        'This search closed more than a day ago and can no longer be reopened; start a new search instead',
      )
    const status = reopenedStatus(locked.expires_at, now)
    const cap = limitsOf(deps).activeSearchesPerAccount
    if (status === 'active' && (await repo.countActiveSearches(trx, ownerId)) >= cap)
      throw new AppError(
        'CONFLICT',
        `You already have ${cap} active searches; close one that is over before reopening this one`,
      )
    await repo.updateOwnSearch(trx, id, ownerId, { status, closed_at: null }, now)
    await endings.unmarkReunited(trx, id)
    return { wakeMatcher: status === 'active' ? await deps.matchQueue.searchChanged(trx, id) : undefined }
  })
  wakeMatcher?.()
  return getOwnSearch(deps, ownerId, id)
}
