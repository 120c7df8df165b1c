import { AppError, notFound } from '../errors.ts'
import { assertUnderRate, limitsOf, windowStart } from '../http/abuse-limits.ts'
import { getOwnSearch } from '../searches/search.service.ts'
import * as relay from './relay.repository.ts'
import { getThread, type RelayDeps } from './relay.service.ts'
import * as repo from './thanks.repository.ts'

export type ThanksRecipient =
  | { readonly kind: 'finder'; readonly foundReportId: string }
  | { readonly kind: 'camera owner'; readonly shareId: string }

/**
 * Who a pet owner whose pet is home may thank: the finders of reports that matched, and the camera owners who
 * shared a snapshot. Each is named by the report or share only: never by name, email or camera.
 */
export async function listThanksRecipients(deps: RelayDeps, ownerId: string, searchId: string) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  const [finders, sharers] = await Promise.all([
    repo.matchedFinders(deps.db, search.id),
    repo.sharingCameraOwners(deps.db, search.id),
  ])
  return [
    ...finders
      .filter((f) => f.finder_id !== ownerId)
      .map((f) => ({
        kind: 'finder' as const,
        foundReportId: f.id,
        at: f.found_at.toISOString(),
        reunited: f.status === 'reunited',
      })),
    ...sharers
      .filter((s) => s.camera_owner_id !== ownerId)
      .map((s) => ({ kind: 'camera owner' as const, shareId: s.id, at: s.captured_at.toISOString(), reunited: false })),
  ]
}

/**
 * An optional thank-you once the pet is home, through the relay so neither side sees the other. A camera owner
 * never chose to be written to, so they get one thank-you per search; a finder's thread goes on as usual.
 */
export async function sendThanks(
  deps: RelayDeps,
  ownerId: string,
  searchId: string,
  to: ThanksRecipient,
  body: string,
) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  if (search.status !== 'found')
    throw new AppError('CONFLICT', 'Thank-you messages are for a pet that is home: mark the search found first')
  const contactId = await recipientOf(deps, search.id, to)
  if (contactId === ownerId) throw new AppError('CONFLICT', 'You cannot thank yourself')
  if (to.kind === 'camera owner' && (await repo.threadExists(deps.db, search.id, contactId)))
    throw new AppError('CONFLICT', 'You already wrote to this camera owner; answer in that conversation instead')
  const now = deps.now()
  const rule = limitsOf(deps).relayMessagesPerAccount
  assertUnderRate(
    await relay.messageTimesSince(deps.db, ownerId, windowStart(rule, now), rule.limit),
    rule,
    now,
    'messages this hour',
  )
  const threadId = await deps.db.transaction().execute(async (trx) => {
    const thread = await relay.findOrCreateThread(trx, search.id, contactId)
    await relay.insertMessage(trx, thread.id, ownerId, body)
    return thread.id
  })
  return getThread(deps, ownerId, threadId)
}

async function recipientOf(deps: RelayDeps, searchId: string, to: ThanksRecipient): Promise<string> {
  if (to.kind === 'finder') {
    const finder = (await repo.matchedFinders(deps.db, searchId)).find((f) => f.id === to.foundReportId)
    if (!finder) throw notFound('Found-pet match')
    return finder.finder_id
  }
  const share = (await repo.sharingCameraOwners(deps.db, searchId)).find((s) => s.id === to.shareId)
  if (!share) throw notFound('Shared snapshot')
  return share.camera_owner_id
}
