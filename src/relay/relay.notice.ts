import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Notifier } from '../notifications/notification.queue.ts'

/**
 * Inside the transaction that stored a message: the other side of the thread is told a message came,
 * by role only; the message itself stays in the relay, so no email carries what a stranger wrote.
 */
export function notifyRecipient(
  trx: Kysely<Database>,
  notifier: Pick<Notifier, 'ownerEvent'>,
  m: { messageId: string; threadId: string; petName: string; petOwnerId: string; contactId: string; authorId: string; at: Date },
) {
  const toPetOwner = m.authorId !== m.petOwnerId
  const event = { kind: 'relay', messageId: m.messageId, threadId: m.threadId, petName: m.petName, toPetOwner, at: m.at } as const
  return notifier.ownerEvent(trx, toPetOwner ? m.petOwnerId : m.contactId, event, m.at)
}
