import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import { AppError, notFound } from '../errors.ts'
import { findPublicSearch } from '../searches/search.repository.ts'
import { getOwnSearch } from '../searches/search.service.ts'
import { assertUnderRate, limitsOf, windowStart, type AbuseLimits } from '../http/abuse-limits.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import { notifyRecipient } from './relay.notice.ts'
import { toMessageView } from './message.view.ts'
import * as repo from './relay.repository.ts'

export interface RelayDeps {
  readonly db: Kysely<Database>
  readonly now: Clock
  readonly limits?: Partial<AbuseLimits> | undefined
  readonly notifier: Pick<Notifier, 'ownerEvent'>
}

/** A relay is for a finder and an owner, not for spamming one: a per-account hourly rate on messages. */
async function assertMayWrite(deps: RelayDeps, userId: string) {
  const now = deps.now()
  const rule = limitsOf(deps).relayMessagesPerAccount
  assertUnderRate(
    await repo.messageTimesSince(deps.db, userId, windowStart(rule, now), rule.limit),
    rule,
    now,
    'messages this hour',
  )
}

type ThreadRow = NonNullable<Awaited<ReturnType<typeof repo.findThreadFor>>>

/** Each side sees the other only as a role: no name, no email, no user id. */
function toThread(row: ThreadRow, userId: string) {
  const isOwner = row.owner_id === userId
  return {
    id: row.id,
    pet: { searchId: row.search_id, name: row.pet_name },
    you: isOwner ? ('pet owner' as const) : ('contact' as const),
    with: isOwner ? ('contact' as const) : ('pet owner' as const),
    lastMessageAt: row.last_message_at.toISOString(),
    // A stranger without an account (guest help): the owner may weigh their word accordingly.
    guest: row.contact_id === null,
  }
}

/** Someone who saw or found the pet writes to its owner, from the pet's public page. */
export async function contactPetOwner(deps: RelayDeps, userId: string, searchId: string, body: string) {
  const search = await findPublicSearch(deps.db, searchId)
  if (!search) throw notFound('Lost pet')
  if (search.owner_id === userId)
    throw new AppError('CONFLICT', 'This is your own search; answer in its threads instead')
  await assertMayWrite(deps, userId)
  const { threadId, wake } = await deps.db.transaction().execute(async (trx) => {
    const thread = await repo.findOrCreateThread(trx, search.id, userId)
    const message = await repo.insertMessage(trx, thread.id, userId, body)
    const notice = {
      messageId: message.id,
      threadId: thread.id,
      petName: search.name,
      petOwnerId: search.owner_id,
      contactId: userId,
      authorId: userId,
      at: message.created_at,
    }
    return { threadId: thread.id, wake: await notifyRecipient(trx, deps.notifier, notice) }
  })
  wake()
  return getThread(deps, userId, threadId)
}

/**
 * A pet owner writes to the finder of a found pet that matched their search. The finder becomes the
 * thread's contact, so each side again sees the other only as a role.
 */
export async function contactFinder(
  deps: RelayDeps,
  ownerId: string,
  searchId: string,
  foundReportId: string,
  body: string,
) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  const match = await repo.findMatchedFinder(deps.db, search.id, foundReportId)
  if (!match) throw notFound('Found-pet match')
  if (match.finder_id === ownerId) throw new AppError('CONFLICT', 'You reported this found pet yourself')
  await assertMayWrite(deps, ownerId)
  const { threadId, wake } = await deps.db.transaction().execute(async (trx) => {
    const thread = await repo.findOrCreateThread(trx, search.id, match.finder_id)
    const message = await repo.insertMessage(trx, thread.id, ownerId, body)
    const notice = {
      messageId: message.id,
      threadId: thread.id,
      petName: search.name,
      petOwnerId: ownerId,
      contactId: match.finder_id,
      authorId: ownerId,
      at: message.created_at,
    }
    return { threadId: thread.id, wake: await notifyRecipient(trx, deps.notifier, notice) }
  })
  wake()
  return getThread(deps, ownerId, threadId)
}

export async function getThread(deps: RelayDeps, userId: string, threadId: string) {
  const row = await repo.findThreadFor(deps.db, threadId, userId)
  if (!row) throw notFound('Thread')
  const messages = await repo.listMessages(deps.db, row.id)
  return {
    ...toThread(row, userId),
    messages: messages.map((m) =>
      toMessageView(m, m.author_id === userId, `/api/threads/${row.id}/messages/${m.id}/photo`),
    ),
  }
}

export async function listThreads(deps: RelayDeps, userId: string) {
  return (await repo.listThreadsFor(deps.db, userId)).map((row) => toThread(row, userId))
}

export async function reply(deps: RelayDeps, userId: string, threadId: string, body: string) {
  const row = await repo.findThreadFor(deps.db, threadId, userId)
  if (!row) throw notFound('Thread')
  const wake = await deps.db.transaction().execute(async (trx) => {
    const message = await repo.insertMessage(trx, row.id, userId, body)
    const notice = {
      messageId: message.id,
      threadId: row.id,
      petName: row.pet_name,
      petOwnerId: row.owner_id,
      contactId: row.contact_id,
      authorId: userId,
      at: message.created_at,
    }
    return notifyRecipient(trx, deps.notifier, notice)
  })
  wake()
  return getThread(deps, userId, threadId)
}
