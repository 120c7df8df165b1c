import type { OwnerNoticeKind, OwnerNotification } from '../contracts/notification-payload.ts'
import type { Species } from '../contracts/species.ts'

export const OWNER_NOTICE_KINDS: readonly OwnerNoticeKind[] = ['share', 'trail', 'found', 'relay']
export const NOTICE_CHANNELS = ['email', 'push', 'in_app'] as const
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number]

/** An IANA zone the runtime knows ("Europe/Madrid", "UTC"); anything else is refused rather than guessed. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const dayOf = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)

/** "today at 14:05 GMT+1", "yesterday at 09:12 UTC", "on Tue, 1 Dec at 18:40 EST": the owner's own clock. */
export function plainTime(at: Date, now: Date, timeZone: string): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC'
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at)
  const day = dayOf(at, zone)
  if (day === dayOf(now, zone)) return `today at ${clock}`
  if (day === dayOf(new Date(now.getTime() - 24 * 3600 * 1000), zone)) return `yesterday at ${clock}`
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(at)
  return `on ${date} at ${clock}`
}

/** The event a notice is about, as the services that raise it know it. */
export type OwnerEvent =
  | {
      readonly kind: 'share'
      readonly shareId: string
      readonly searchId: string
      readonly petName: string
      readonly capturedAt: Date
    }
  | {
      readonly kind: 'trail'
      readonly batchId: string
      readonly searchId: string
      readonly petName: string
      readonly newSightings: number
      readonly at: Date
    }
  | {
      readonly kind: 'found'
      readonly foundReportId: string
      readonly searchId: string
      readonly petName: string
      readonly species: Species
      readonly foundAt: Date
    }
  | {
      readonly kind: 'relay'
      readonly messageId: string
      readonly threadId: string
      readonly petName: string
      readonly toPetOwner: boolean
      readonly at: Date
    }

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`

/** The words of a notice, in the recipient's time zone. Nothing here names a camera, a place or a person. */
export function ownerNotice(event: OwnerEvent, now: Date, timeZone: string): OwnerNotification {
  const base = { type: `${event.kind}.notice` as const, kind: event.kind, at: now.toISOString() }
  switch (event.kind) {
    case 'share':
      return {
        ...base,
        type: 'share.notice',
        eventId: event.shareId,
        url: `/lost/${event.searchId}#shares-heading`,
        title: `A snapshot of ${event.petName} was shared with you`,
        body: `A camera owner shared a snapshot taken ${plainTime(event.capturedAt, now, timeZone)}. Only your own browser can open it.`,
      }
    case 'trail':
      return {
        ...base,
        type: 'trail.notice',
        eventId: event.batchId,
        url: `/lost/${event.searchId}#sighting-trail`,
        title: `New likely sightings of ${event.petName}`,
        body: `${plural(event.newSightings, 'new likely sighting', 'new likely sightings')} on ${event.petName}’s trail, as of ${plainTime(event.at, now, timeZone)}.`,
      }
    case 'found':
      return {
        ...base,
        type: 'found.notice',
        eventId: event.foundReportId,
        url: `/lost/${event.searchId}#found-heading`,
        title: `A found ${event.species} looks like ${event.petName}`,
        body: `Someone reported a ${event.species} found ${plainTime(event.foundAt, now, timeZone)} that looks like ${event.petName}. Have a look, and message the finder through Homeward.`,
      }
    case 'relay':
      return {
        ...base,
        type: 'relay.notice',
        eventId: event.messageId,
        url: `/threads/${event.threadId}`,
        title: `New message about ${event.petName}`,
        body: `${event.toPetOwner ? 'Someone' : 'The pet owner'} wrote ${plainTime(event.at, now, timeZone)}. Reply through Homeward: neither of you sees the other’s name or email.`,
      }
  }
}

export const ownerOutboxKey = (n: OwnerNotification, channel: string) => `${n.kind}:${n.eventId}:${channel}`
