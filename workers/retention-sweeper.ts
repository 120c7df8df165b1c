import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import type { Logger } from '../src/logger.ts'
import { anchorAuditLog } from '../src/audit/audit-anchor.service.ts'
import { type RetentionOptions, sweepRetention } from '../src/retention/retention.service.ts'

export const RETENTION_QUEUE = 'retention-sweep'

/**
 * Retention as a scheduled pg-boss job: on the cron, and once at start so a server that was down past
 * a sighting's expiry deletes it straight away. The queue's singleton policy keeps sweeps from piling up.
 */
export async function startRetentionWorker(
  boss: PgBoss,
  db: Kysely<Database>,
  logger: Logger,
  cron: string,
  options: RetentionOptions & { readonly auditKey?: Uint8Array } = {},
) {
  await boss.createQueue(RETENTION_QUEUE, { policy: 'singleton', retryLimit: 3, retryBackoff: true })
  await boss.schedule(RETENTION_QUEUE, cron)
  await boss.work(RETENTION_QUEUE, async () => {
    const result = await sweepRetention(db, new Date(), options)
    if (Object.values(result).some((n) => n > 0)) logger.info(result, 'retention sweep')
    // The checkpoint also goes to the log, outside the database: a copy to compare if checkpoints are removed.
    const checkpoint = options.auditKey && (await anchorAuditLog(db, options.auditKey))
    if (checkpoint) logger.info({ seq: checkpoint.seq, mac: checkpoint.mac }, 'audit checkpoint')
    return result
  })
  await boss.send(RETENTION_QUEUE, {})
}
