// Pure: which of a Frigate event's snapshots the agent fetches and analyses. Frigate replaces an
// object's snapshot whenever it sees a better frame (higher score, larger box, off the frame edge), and
// says so with an `update`. The first one, on `new`, is usually the animal entering at the edge. So the
// agent waits until the snapshot has stopped improving for a moment, fetches that, fetches again only
// if it improves clearly, and stops after a few: a long event costs `maxFetches` analyses, not dozens.
// The agent then sends one sighting per event, the best of those it analysed (see event-candidates).
import type { Species } from '../../contracts/species.ts'
import type { SnapshotInfo } from './frigate-events.rules.ts'

export interface BestSnapshotPolicy {
  /** Snapshot unchanged this long: it is the one to take (Frigate updates in bursts as an animal walks in). */
  readonly settleMs: number
  /** …but never wait longer than this after it first changed. */
  readonly maxWaitMs: number
  /** Analyses per event at most. */
  readonly maxFetches: number
  /** After this long the event's sighting is sent even if Frigate never ends it (a dog asleep in view). */
  readonly maxHoldMs: number
}

export const DEFAULT_POLICY: BestSnapshotPolicy = {
  settleMs: 1_000,
  maxWaitMs: 3_000,
  maxFetches: 3,
  maxHoldMs: 60_000,
}

export interface EventState {
  readonly id: string
  readonly camera: string
  readonly species: Species
  /** Frigate's start_time, seconds. */
  readonly startTime: number
  readonly firstSeenAt: number
  readonly fetches: number
  readonly lastFetched?: SnapshotInfo
  /** The snapshot Frigate serves now, when it is worth fetching. */
  readonly pending?: SnapshotInfo
  readonly pendingSince?: number
  readonly changedAt?: number
  readonly ended: boolean
  /** Frigate wrote a snapshot to disk: after `end` its API serves only that one. */
  readonly hasSnapshot: boolean
}

export type Action =
  { readonly kind: 'fetch'; readonly snapshot: SnapshotInfo; readonly afterEnd: boolean } | { readonly kind: 'settle' }

/** Clearly better than what was analysed, by Frigate's own margins (score +0.05 or area +10 %). */
export function isClearlyBetter(next: SnapshotInfo, analysed: SnapshotInfo | undefined): boolean {
  if (!analysed) return true
  if (next.frameTime === analysed.frameTime) return false
  return next.score > analysed.score + 0.05 || next.area > analysed.area * 1.1
}

export function startEvent(
  init: { id: string; camera: string; species: Species; startTime: number },
  now: number,
): EventState {
  return { ...init, firstSeenAt: now, fetches: 0, ended: false, hasSnapshot: false }
}

/** A new, update or end message for a tracked event: the snapshot it names, if any. */
export function observe(
  state: EventState,
  snapshot: SnapshotInfo | undefined,
  facts: { ended: boolean; hasSnapshot: boolean },
  now: number,
): EventState {
  // No snapshot details (Frigate before 0.14 sends only a time, older none): one frame per event.
  const shown = snapshot ?? state.pending ?? state.lastFetched ?? { frameTime: state.startTime, score: 0, area: 0 }
  const base = { ...state, ended: state.ended || facts.ended, hasSnapshot: state.hasSnapshot || facts.hasSnapshot }
  if (state.pending?.frameTime === shown.frameTime || !isClearlyBetter(shown, state.lastFetched)) return base
  return { ...base, pending: shown, pendingSince: state.pendingSince ?? now, changedAt: now }
}

/** What to do now for one event; call on every message and on a timer. */
export function decide(state: EventState, policy: BestSnapshotPolicy, now: number): Action | undefined {
  const budgetLeft = state.fetches < policy.maxFetches
  const overHeld = now - state.firstSeenAt >= policy.maxHoldMs
  if (state.pending && budgetLeft) {
    if (state.ended) {
      // After the end Frigate serves its saved snapshot only if it kept one (snapshots enabled).
      if (state.hasSnapshot) return { kind: 'fetch', snapshot: state.pending, afterEnd: true }
      return { kind: 'settle' }
    }
    const quiet = now - (state.changedAt ?? now) >= policy.settleMs
    const waitedLong = now - (state.pendingSince ?? now) >= policy.maxWaitMs
    if (quiet || waitedLong || overHeld) return { kind: 'fetch', snapshot: state.pending, afterEnd: false }
    return undefined
  }
  if (state.ended || overHeld || !budgetLeft) return { kind: 'settle' }
  return undefined
}

/** The event after its snapshot was fetched (or the fetch failed: it is not retried for this frame). */
export function fetched(state: EventState, snapshot: SnapshotInfo): EventState {
  const { pending, pendingSince, changedAt, ...rest } = state
  const newer = pending && pending.frameTime !== snapshot.frameTime ? { pending, pendingSince, changedAt } : {}
  return { ...rest, ...newer, fetches: state.fetches + 1, lastFetched: snapshot }
}

/** When the next timer should fire for this event, if it is waiting for anything. */
export function nextWakeAt(state: EventState, policy: BestSnapshotPolicy): number | undefined {
  const hold = state.firstSeenAt + policy.maxHoldMs
  if (!state.pending) return hold
  return Math.min((state.changedAt ?? 0) + policy.settleMs, (state.pendingSince ?? 0) + policy.maxWaitMs, hold)
}
