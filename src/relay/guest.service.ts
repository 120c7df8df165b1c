import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Species } from '../contracts/species.ts'
import type { Database } from '../db/database.ts'
import { AppError, invalidInput, notFound } from '../errors.ts'
import { toCoarseCell } from '../geo/cells.ts'
import { assertUnderRate, limitsOf, windowStart, type AbuseLimits } from '../http/abuse-limits.ts'
import type { PetPhotoAnalyzer } from '../photos/pet-photo.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import type { PhotoImages } from '../photos/photo-format.ts'
import { findPublicSearch } from '../searches/search.repository.ts'
import { checkLastSeenAt } from '../searches/search.rules.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import * as guests from './guest.repository.ts'
import { GUEST_TOKEN_PATTERN, guestLinkExpiry, guestLinkPath, hashGuestToken, newGuestToken } from './guest.rules.ts'
import { toMessageView } from './message.view.ts'
import { notifyRecipient } from './relay.notice.ts'
import * as repo from './relay.repository.ts'
import { findThreadFor } from './relay.repository.ts'

export interface GuestDeps {
  readonly db: Kysely<Database>
  readonly storage: BlobStorage
  readonly petPhotos: PetPhotoAnalyzer
  readonly photoImages: PhotoImages
  readonly notifier: Pick<Notifier, 'ownerEvent'>
  readonly now: Clock
  readonly limits?: Partial<AbuseLimits> | undefined
}

export interface GuestSightingInput {
  readonly seenAt: string
  readonly lat: number
  readonly lng: number
  readonly note?: string | undefined
  readonly photo?: File | undefined
}

/** A stranger writes to a lost pet's owner from its public page, with no account: a new thread and its one-time link. */
export function writeAsGuest(deps: GuestDeps, searchId: string, body: string) {
  return openGuestThread(deps, searchId, body, {})
}

/**
 * "I saw this pet": a time, the coarse cell of the place (the point is not kept) and an optional photo, which
 * passes the found-report checks (re-encoded without EXIF, a dog or cat, not a person) before it is stored.
 */
export async function reportGuestSighting(deps: GuestDeps, searchId: string, input: GuestSightingInput) {
  const seenAt = new Date(input.seenAt)
  const problem = checkLastSeenAt(seenAt, deps.now())
  if (problem)
    throw invalidInput(`seenAt: ${problem === 'in-future' ? 'is in the future' : 'is more than 90 days ago'}`)
  const search = await publicSearch(deps, searchId)
  await assertSearchUnderGuestRate(deps, search.id)
  const photoKey =
    input.photo && input.photo.size > 0 ? await storeCheckedPhoto(deps, input.photo, search.species) : null
  try {
    return await openGuestThread(deps, search.id, input.note ?? '', {
      seen_at: seenAt,
      seen_cell: toCoarseCell(input),
      photo_key: photoKey,
    })
  } catch (error) {
    if (photoKey) await deps.storage.delete(photoKey).catch(() => {})
    throw error
  }
}

async function storeCheckedPhoto(deps: GuestDeps, file: File, species: Species) {
  const normalised = await deps.photoImages.normalise(new Uint8Array(await file.arrayBuffer()), 'photo')
  const pet = await deps.petPhotos.findPet(normalised.data, 'photo', species)
  const photo = await deps.photoImages.publishable(normalised, pet) // people masked in what is stored and shown
  const key = `guest/${crypto.randomUUID()}.jpg`
  await deps.storage.put(key, photo.data)
  return key
}

async function publicSearch(deps: GuestDeps, searchId: string) {
  const search = await findPublicSearch(deps.db, searchId)
  if (!search) throw notFound('Lost pet')
  if (search.status !== 'active') throw new AppError('CONFLICT', `${search.name} is home: no more messages are needed`)
  return search
}

async function assertSearchUnderGuestRate(deps: GuestDeps, searchId: string) {
  const now = deps.now()
  const rule = limitsOf(deps).guestThreadsPerSearch
  assertUnderRate(
    await guests.guestThreadTimesSince(deps.db, searchId, windowStart(rule, now), rule.limit),
    rule,
    now,
    'messages from guests to this pet’s owner today',
  )
}

async function openGuestThread(deps: GuestDeps, searchId: string, body: string, sighting: repo.MessageSighting) {
  const search = await publicSearch(deps, searchId)
  await assertSearchUnderGuestRate(deps, search.id)
  const token = newGuestToken()
  const expiresAt = guestLinkExpiry(deps.now())
  const wake = await deps.db.transaction().execute(async (trx) => {
    const thread = await guests.insertGuestThread(trx, search.id, await hashGuestToken(token), expiresAt)
    const message = await repo.insertMessage(trx, thread.id, null, body, sighting)
    const notice = {
      messageId: message.id,
      threadId: thread.id,
      petName: search.name,
      petOwnerId: search.owner_id,
      contactId: null,
      authorId: null,
      at: message.created_at,
    }
    return notifyRecipient(trx, deps.notifier, notice)
  })
  wake()
  return {
    token,
    link: guestLinkPath(token),
    expiresAt: expiresAt.toISOString(),
    thread: await getGuestThread(deps, token),
  }
}

/** The thread a token opens, or 404: a wrong, expired or someone else's token looks the same. */
async function guestThreadOf(deps: Pick<GuestDeps, 'db' | 'now'>, token: string) {
  if (!GUEST_TOKEN_PATTERN.test(token)) throw notFound('Conversation')
  const thread = await guests.findGuestThread(deps.db, await hashGuestToken(token), deps.now())
  if (!thread) throw notFound('Conversation')
  return thread
}

/** What a guest sees: the pet's public name and the messages, with nothing of the owner but their role. */
export async function getGuestThread(deps: Pick<GuestDeps, 'db' | 'now'>, token: string) {
  const thread = await guestThreadOf(deps, token)
  const messages = await repo.listMessages(deps.db, thread.id)
  return {
    pet: { searchId: thread.search_id, name: thread.pet_name },
    you: 'guest' as const,
    with: 'pet owner' as const,
    expiresAt: thread.guest_expires_at!.toISOString(),
    messages: messages.map((m) => toMessageView(m, m.author_id === null, null)),
  }
}

export async function replyAsGuest(deps: GuestDeps, token: string, body: string) {
  const thread = await guestThreadOf(deps, token)
  const now = deps.now()
  const rule = limitsOf(deps).guestMessagesPerThread
  assertUnderRate(
    await guests.guestMessageTimesSince(deps.db, thread.id, windowStart(rule, now), rule.limit),
    rule,
    now,
    'messages in this conversation this hour',
  )
  const wake = await deps.db.transaction().execute(async (trx) => {
    const message = await repo.insertMessage(trx, thread.id, null, body)
    const notice = {
      messageId: message.id,
      threadId: thread.id,
      petName: thread.pet_name,
      petOwnerId: thread.owner_id,
      contactId: null,
      authorId: null,
      at: message.created_at,
    }
    return notifyRecipient(trx, deps.notifier, notice)
  })
  wake()
  return getGuestThread(deps, token)
}

/** A guest's sighting photo, for the thread's pet owner (the only account in a guest thread). */
export async function readThreadPhoto(
  deps: Pick<GuestDeps, 'db' | 'storage'>,
  userId: string,
  threadId: string,
  messageId: string,
) {
  const thread = await findThreadFor(deps.db, threadId, userId)
  const key = thread && (await guests.findMessagePhotoKey(deps.db, thread.id, messageId))
  const bytes = key ? await deps.storage.get(key) : undefined
  if (!bytes) throw notFound('Photo')
  return bytes
}
