import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Logger } from '../logger.ts'
import { type AnchoredAuditCheck, verifyAnchoredAuditLog } from './audit-anchor.service.ts'
import { describeAuditCheck, failureOf } from './audit-verify.rules.ts'

/** Where a verification's outcome is shown besides the log: the ops metrics (homeward_audit_verify_ok). */
export interface AuditVerifyObserver {
  observeAuditVerify(ok: boolean, unanchoredRows: number, at: Date): void
}

/**
 * The scheduled verification (workers/audit-verifier.ts): a broken chain or checkpoint is logged at error level
 * with where and why it broke, and shown by the metric; it is an answer, not a job failure, so it is not retried.
 */
export async function runAuditVerification(
  db: Kysely<Database>,
  key: Uint8Array,
  logger: Logger,
  observer?: AuditVerifyObserver,
  now = new Date(),
): Promise<AnchoredAuditCheck> {
  const check = await verifyAnchoredAuditLog(db, key)
  observer?.observeAuditVerify(check.ok, check.unanchoredRows, now)
  if (check.ok)
    logger.info(
      { rows: check.chain.rows, checkpoints: check.anchor.checkpoints, unanchoredRows: check.unanchoredRows },
      'audit log verified',
    )
  else
    logger.error(
      { auditVerify: failureOf(check) },
      'audit log verification FAILED: the audit log or its checkpoints were changed',
    )
  return check
}

/** `npm run audit:verify`: exit 0 for an intact log, 1 for a broken one, with one line per finding. */
export async function auditVerifyCommand(
  db: Kysely<Database>,
  key: Uint8Array,
): Promise<{ code: 0 | 1; lines: string[] }> {
  const check = await verifyAnchoredAuditLog(db, key)
  const lines = describeAuditCheck(check)
  if (check.ok) return { code: 0, lines: ['audit log: OK', ...lines] }
  return {
    code: 1,
    lines: ['audit log: VERIFICATION FAILED — rows or checkpoints were changed, removed or forged', ...lines],
  }
}
