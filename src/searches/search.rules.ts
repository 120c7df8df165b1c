import type { SearchStatus, Species } from './search.table.ts'

export const MAX_RADIUS_M = 5000
export const MIN_RADIUS_M = 50
export const SEARCH_LIFETIME_DAYS = 30
export const MAX_PHOTOS = 5
/** A pet lost longer ago than this is not a new search; the clock skew allowance covers phones. */
export const MAX_LAST_SEEN_AGE_DAYS = 90
export const CLOCK_SKEW_MS = 5 * 60 * 1000

const DAY_MS = 24 * 60 * 60 * 1000

// Cats mostly stay within a few gardens of home; dogs roam further.
export function defaultRadiusM(species: Species): number {
  return species === 'cat' ? 500 : 2000
}

export function searchExpiry(from: Date): Date {
  return new Date(from.getTime() + SEARCH_LIFETIME_DAYS * DAY_MS)
}

export type LastSeenProblem = 'in-future' | 'too-old' | undefined

export function checkLastSeenAt(lastSeenAt: Date, now: Date): LastSeenProblem {
  if (lastSeenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return 'in-future'
  if (now.getTime() - lastSeenAt.getTime() > MAX_LAST_SEEN_AGE_DAYS * DAY_MS) return 'too-old'
  return undefined
}

/** found and closed are final; an active or lapsed (expired) search can still be edited and renewed. */
export function isOpen(status: SearchStatus): boolean {
  return status === 'active' || status === 'expired'
}

/** Shown to everyone: an active search, and a found one so neighbours see the happy ending. */
export const PUBLIC_SEARCH_STATUSES = ['active', 'found'] as const satisfies readonly SearchStatus[]
export type PublicSearchStatus = (typeof PUBLIC_SEARCH_STATUSES)[number]

export function isPublic(status: SearchStatus): status is PublicSearchStatus {
  return (PUBLIC_SEARCH_STATUSES as readonly SearchStatus[]).includes(status)
}

/** The status a public view shows for a row its query already limited to public statuses. */
export function publicStatusOf(status: SearchStatus): PublicSearchStatus {
  if (!isPublic(status)) throw new Error(`a ${status} search is not public`)
  return status
}

/**
 * Cosine similarity above which two photos from one account are taken to show the same pet: well above
 * the alert threshold, so two different pets of one household are not mistaken for one.
 */
export const DUPLICATE_PHOTO_SIMILARITY = 0.85

/** How far beyond both searches' reach a look-alike still counts as "nearby" (a dog walks a few km). */
export const LOOKALIKE_NEARBY_M = 2000
/** Holds an account ran into are remembered this long when deciding to refuse its next look-alike outright. */
export const LOOKALIKE_WINDOW_DAYS = 30
/** A genuine search's trail covers this many days after the last-seen time; after that it shows no more places. */
export const TRAIL_DAYS = 14

/** "… is home" can be undone this long after; after that a new search is the way back. */
export const REOPEN_WINDOW_MS = DAY_MS

// Only "home" is undone: a closed search may have been a held one withdrawn, which must not come back active.
export function reopenDeadline(status: SearchStatus, closedAt: Date | null): Date | undefined {
  if (status !== 'found' || !closedAt) return undefined
  return new Date(closedAt.getTime() + REOPEN_WINDOW_MS)
}

/** A reopened search is active again, or lapsed if its 30 days ran out meanwhile (the owner may renew it). */
export function reopenedStatus(expiresAt: Date, now: Date): 'active' | 'expired' {
  return expiresAt.getTime() > now.getTime() ? 'active' : 'expired'
}
