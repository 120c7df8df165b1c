import type { Kysely } from 'kysely'
import type { PgBoss } from 'pg-boss'
import type { Database } from '../src/db/database.ts'
import type { Logger } from '../src/logger.ts'
import { type AuditVerifyObserver, runAuditVerification } from '../src/audit/audit-verify.service.ts'

export const AUDIT_VERIFY_QUEUE = 'audit-verify'

/**
 * Verifies the anchored audit log on its cron (daily by default, AUDIT_VERIFY_CRON) and once at start, so a
 * process's metric has a value from its first scrape on. Singleton: a slow walk of a long log never piles up.
 */
export async function startAuditVerifier(
  boss: PgBoss,
  db: Kysely<Database>,
  logger: Logger,
  cron: string,
  key: Uint8Array,
  observer?: AuditVerifyObserver,
) {
  await boss.createQueue(AUDIT_VERIFY_QUEUE, { policy: 'singleton', retryLimit: 2, retryBackoff: true })
  await boss.schedule(AUDIT_VERIFY_QUEUE, cron)
  await boss.work(AUDIT_VERIFY_QUEUE, async () => {
    const check = await runAuditVerification(db, key, logger, observer)
    return { ok: check.ok, unanchoredRows: check.unanchoredRows }
  })
  await boss.send(AUDIT_VERIFY_QUEUE, {})
}
