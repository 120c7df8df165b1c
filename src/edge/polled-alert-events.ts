import type { Kysely } from 'kysely'
import { AlertEvents, type AlertEvent } from '../alerts/alert.events.ts'
import { listAlertChangesForOwner } from '../alerts/alert.repository.ts'
import type { Database } from '../db/database.ts'
import type { Logger } from '../logger.ts'

const POLL_MS = 1000
// A match transaction may commit a little after the updated_at it wrote: look back this far on every poll.
const OVERLAP_MS = 15_000

type AlertChange = Awaited<ReturnType<typeof listAlertChangesForOwner>>[number]

/** The match service's two events, told apart by what it writes: an insert, or new sightings on a pending alert. */
export function alertEventOf(row: AlertChange): AlertEvent | undefined {
  const at = row.updated_at.getTime()
  if (at === row.created_at.getTime()) return { alertId: row.id, kind: 'opened' }
  // Dismissing, sharing, withdrawing and a share request touch updated_at too, but are no match event.
  if (row.status !== 'pending' || at === row.share_requested_at?.getTime()) return undefined
  return { alertId: row.id, kind: 'updated' }
}

/**
 * Alert events on Workers: the Node match workers open the alerts, in another process, and Hyperdrive has no
 * LISTEN, so each open stream polls its owner's alerts (one indexed query a second) and announces what
 * changed after it subscribed, as the in-process AlertEvents does on Node. Queries run in the stream's
 * request (src/edge/request-db.ts keeps its client open while the stream is).
 */
export class PolledAlertEvents extends AlertEvents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly pollMs = POLL_MS,
  ) {
    super()
  }

  override subscribe(ownerId: string, listener: (event: AlertEvent) => void): () => void {
    let open = true
    const seen = new Map<string, number>()
    let cursor = Date.now()
    const poll = async (announce: boolean) => {
      const since = cursor - OVERLAP_MS
      cursor = Date.now()
      for (const row of await listAlertChangesForOwner(this.db, ownerId, new Date(since))) {
        const at = row.updated_at.getTime()
        if (seen.get(row.id) === at) continue
        seen.set(row.id, at)
        const event = announce && alertEventOf(row)
        if (event && open) listener(event)
      }
      for (const [id, at] of seen) if (at <= since) seen.delete(id)
    }
    const loop = async () => {
      // The first poll only notes what is already there: a stream announces changes made after it opened.
      await poll(false)
      while (open) {
        await new Promise((resolve) => setTimeout(resolve, this.pollMs))
        if (open) await poll(true)
      }
    }
    loop().catch((err: unknown) => open && this.logger.error({ err }, 'alert stream polling stopped'))
    return () => {
      open = false
    }
  }
}
