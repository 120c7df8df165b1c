import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/**
 * Keeps only the latest coarse check-in. The `<` guard makes the write a no-op when another request
 * (or API process) already stored this step or a later one, so concurrent agents never move it back.
 */
export async function recordCheckIn(db: Kysely<Database>, cameraId: string, coarse: Date) {
  await db
    .updateTable('cameras')
    .set({ last_check_in_at: coarse })
    .where('id', '=', cameraId)
    .where((eb) => eb.or([eb('last_check_in_at', 'is', null), eb('last_check_in_at', '<', coarse)]))
    .execute()
}

export interface CameraAgentRow {
  readonly camera_id: string
  readonly paired: boolean
  readonly sightings_today: number
}

/**
 * For the owner's own cameras: whether an agent holds a working token, and how many sightings arrived
 * since `since` (the owner's midnight). Counted from the kept sightings, on the (camera_id, …) index.
 */
export async function listAgentFacts(
  db: Kysely<Database>,
  cameraIds: readonly string[],
  since: Date,
): Promise<CameraAgentRow[]> {
  if (cameraIds.length === 0) return []
  const rows = await db
    .selectFrom('cameras')
    .select('cameras.id as camera_id')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('device_tokens')
            .select(sql`1`.as('one'))
            .whereRef('device_tokens.camera_id', '=', 'cameras.id')
            .where('device_tokens.revoked_at', 'is', null),
        )
        .as('paired'),
    )
    .select((eb) =>
      eb
        .selectFrom('sightings')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('sightings.camera_id', '=', 'cameras.id')
        .where('sightings.received_at', '>=', since)
        .as('sightings_today'),
    )
    .where('cameras.id', 'in', cameraIds)
    .execute()
  return rows.map((r) => ({
    camera_id: r.camera_id,
    paired: Boolean(r.paired),
    sightings_today: Number(r.sightings_today ?? 0),
  }))
}

/** The owner's time zone (set by their browser; UTC until then), for "today". Read here to keep features acyclic. */
export async function findOwnerTimeZone(db: Kysely<Database>, ownerId: string): Promise<string> {
  const row = await db
    .selectFrom('notification_settings')
    .select('time_zone')
    .where('user_id', '=', ownerId)
    .executeTakeFirst()
  return row?.time_zone ?? 'UTC'
}
