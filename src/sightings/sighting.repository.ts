import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { SightingTable } from './sighting.table.ts'

/** Inserts what is new; rows whose (camera, client id) already exist are skipped. Returns the new ids. */
export async function insertNewSightings(db: Kysely<Database>, rows: Insertable<SightingTable>[]): Promise<string[]> {
  if (rows.length === 0) return []
  const inserted = await db
    .insertInto('sightings')
    .values(rows)
    .onConflict((oc) => oc.columns(['camera_id', 'client_id', 'captured_at']).doNothing())
    .returning('id')
    .execute()
  return inserted.map((row) => String(row.id))
}

export async function deleteExpiredSightings(db: Kysely<Database>, now: Date, batchSize = 10_000): Promise<number> {
  // Batched so a large backlog never holds one long lock over the table.
  let total = 0
  for (;;) {
    const result = await db
      .deleteFrom('sightings')
      .where('id', 'in', (eb) =>
        eb.selectFrom('sightings').select('id').where('expires_at', '<=', now).limit(batchSize),
      )
      .executeTakeFirst()
    const deleted = Number(result.numDeletedRows)
    total += deleted
    if (deleted < batchSize) return total
  }
}

export async function countSightingsOfCamera(db: Kysely<Database>, cameraId: string): Promise<number> {
  const row = await db
    .selectFrom('sightings')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('camera_id', '=', cameraId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}
