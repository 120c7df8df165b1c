import type { Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import type { WakeWorkers } from '../jobs/wake.ts'
import type { Notifier } from '../notifications/notification.queue.ts'

/**
 * Inside the transaction that stored a message: the other side of the thread is told a message came,
 * by role only; the message itself stays in the relay, so no email carries what a stranger wrote. A guest
 * (no account: author or contact null) is told nothing; they read replies through their link.
 */
export function notifyRecipient(
  trx: Transaction<Database>,
  notifier: Pick<Notifier, 'ownerEvent'>,
  m: {
    messageId: string
    threadId: string
    petName: string
    petOwnerId: string
    contactId: string | null
    authorId: string | null
    at: Date
  },
): Promise<WakeWorkers> {
  const toPetOwner = m.authorId !== m.petOwnerId
  const event = {
    kind: 'relay',
    messageId: m.messageId,
    threadId: m.threadId,
    petName: m.petName,
    toPetOwner,
    at: m.at,
  } as const
  const recipient = toPetOwner ? m.petOwnerId : m.contactId
  if (!recipient) return Promise.resolve(() => {})
  return notifier.ownerEvent(trx, recipient, event, m.at)
}
