import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { AppError } from '../errors.ts'
import { findShareRequestsForToken } from './share-request.repository.ts'
import type { ShareRequestSignal } from './share-request.signal.ts'

/** The longest a device may hold a request open, below common proxy idle timeouts (30–60 s). */
export const MAX_WAIT_SECONDS = 25
/** How often a waiting device re-reads the database: catches requests made in another API process. */
export const RECHECK_MS = 3_000

export interface ShareRequestWaitDeps {
  readonly db: Kysely<Database>
  readonly shareRequests: ShareRequestSignal
  /** Tests shorten it; defaults to RECHECK_MS. */
  readonly shareRequestRecheckMs?: number
}

export interface ShareRequestWait {
  readonly since?: Date | undefined
  readonly waitSeconds: number
  /** The client went away: stop waiting. */
  readonly aborted?: AbortSignal | undefined
}

/**
 * Answers as soon as the camera has a share request newer than `since`, or empty after the wait. A
 * bounded wait with periodic re-checks, woken early in-process: no LISTEN needed, so it also works
 * behind Hyperdrive. One wait per device token; a second one ends the first (which answers empty).
 */
export async function waitForShareRequests(
  deps: ShareRequestWaitDeps,
  device: { tokenId: string; cameraId: string },
  wait: ShareRequestWait,
) {
  // Real elapsed time, not the domain clock: a test's frozen clock must not make the wait endless.
  const deadline = Date.now() + Math.min(wait.waitSeconds, MAX_WAIT_SECONDS) * 1000
  const slot = deps.shareRequests.claim(device.tokenId)
  const stop = wait.aborted ? AbortSignal.any([slot.signal, wait.aborted]) : slot.signal
  try {
    for (;;) {
      const requests = await findShareRequestsForToken(deps.db, device.tokenId, wait.since)
      if (!requests) throw new AppError('UNAUTHENTICATED', 'Device token is unknown or revoked')
      const left = deadline - Date.now()
      if (requests.length > 0 || left <= 0 || stop.aborted) return toReply(requests, wait.since)
      await deps.shareRequests.wait(device.cameraId, Math.min(left, deps.shareRequestRecheckMs ?? RECHECK_MS), stop)
    }
  } finally {
    slot.release()
  }
}

function toReply(requests: readonly { alertId: string; requestedAt: Date }[], since: Date | undefined) {
  const latest = requests.at(-1)?.requestedAt ?? since
  return {
    requests: requests.map((r) => ({ alertId: r.alertId, requestedAt: r.requestedAt.toISOString() })),
    cursor: latest ? latest.toISOString() : null,
  }
}
