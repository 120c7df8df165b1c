import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import type { Logger } from '../src/logger.ts'
import { maintainSightingLayout } from '../src/sightings/sighting-layout.service.ts'

export const SIGHTING_LAYOUT_QUEUE = 'sighting-layout'
/** Hourly, off the hour; windows are 6 hours, so each is ordered within ~1.5 hours of closing. */
const SIGHTING_LAYOUT_CRON = '17 * * * *'

/** Partition upkeep as a scheduled singleton job, and once at start so the open window's partition exists. */
export async function startSightingLayoutWorker(boss: PgBoss, db: Kysely<Database>, logger: Logger) {
  await boss.createQueue(SIGHTING_LAYOUT_QUEUE, { policy: 'singleton', retryLimit: 3, retryBackoff: true })
  await boss.schedule(SIGHTING_LAYOUT_QUEUE, SIGHTING_LAYOUT_CRON)
  await boss.work(SIGHTING_LAYOUT_QUEUE, async () => {
    const run = await maintainSightingLayout(db)
    if (run.created.length || run.ordered.length || run.dropped.length) logger.info(run, 'sighting layout')
    return run
  })
  await boss.send(SIGHTING_LAYOUT_QUEUE, {})
}
