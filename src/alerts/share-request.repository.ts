import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/**
 * The camera's pending share requests newer than `since`, read through the device's own token so a
 * revoked token is noticed on every re-check: no row at all means the token no longer works.
 */
export async function findShareRequestsForToken(db: Kysely<Database>, tokenId: string, since: Date | undefined) {
  const rows = await db
    .selectFrom('device_tokens')
    .leftJoin('alerts', (join) => {
      let on = join
        .onRef('alerts.camera_id', '=', 'device_tokens.camera_id')
        .on('alerts.status', '=', 'pending')
        .on('alerts.share_requested_at', 'is not', null)
      if (since) on = on.on('alerts.share_requested_at', '>', since)
      return on
    })
    .select(['alerts.id as alert_id', 'alerts.share_requested_at'])
    .where('device_tokens.id', '=', tokenId)
    .where('device_tokens.revoked_at', 'is', null)
    .orderBy('alerts.share_requested_at')
    .limit(50)
    .execute()
  if (rows.length === 0) return undefined
  return rows.flatMap((r) =>
    r.alert_id && r.share_requested_at ? [{ alertId: r.alert_id, requestedAt: new Date(r.share_requested_at) }] : [],
  )
}
