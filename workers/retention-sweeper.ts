import type { Kysely } from 'kysely'
import type { Database } from '../src/db/database.ts'
import type { Logger } from '../src/logger.ts'
import { sweepRetention } from '../src/retention/retention.service.ts'

export interface RetentionSweeper {
  stop(): Promise<void>
}

/**
 * Runs the retention sweep at start and then every interval. A sweep never overlaps the previous one,
 * and stop() waits for a running sweep so shutdown does not cut a delete in half.
 */
export function startRetentionSweeper(db: Kysely<Database>, logger: Logger, intervalMs: number): RetentionSweeper {
  let running: Promise<void> | undefined
  const run = () => {
    if (running) return
    running = sweepRetention(db)
      .then((result) => {
        if (result.deletedSightings || result.expiredSearches) logger.info(result, 'retention sweep')
      })
      .catch((err: unknown) => logger.error({ err }, 'retention sweep failed'))
      .finally(() => (running = undefined))
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
