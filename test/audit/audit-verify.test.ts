// Issue #20: the anchored audit log was only verified when someone thought to. A daily job verifies it (error log +
// homeward_audit_verify_ok), and `npm run audit:verify` gives an operator the answer as an exit status.
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import type { PgBoss } from 'pg-boss'
import { describe, expect, it } from 'vitest'
import { anchorAuditLog } from '../../src/audit/audit-anchor.service.ts'
import { deriveAuditKey } from '../../src/audit/audit-anchor.rules.ts'
import { auditVerifyCommand, runAuditVerification } from '../../src/audit/audit-verify.service.ts'
import { appendAuditEntry } from '../../src/audit/audit.service.ts'
import { openDatabase } from '../../src/db/connect.ts'
import type { Database } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrate.ts'
import { startJobQueue, stopJobQueue } from '../../src/jobs/boss.ts'
import { createLogger } from '../../src/logger.ts'
import { OpsMetrics } from '../../src/ops/metrics.ts'
import { AUDIT_VERIFY_QUEUE, startAuditVerifier } from '../../workers/audit-verifier.ts'
import { testDatabases, useTestDatabase } from '../support/databases.ts'
import { consentEntry } from './entries.ts'
import type { Kysely } from 'kysely'

const run = promisify(execFile)
const secret = 'audit-verify-test-secret-0123456789abcdef'
const key = await deriveAuditKey(secret)
const entry = (i: number) => consentEntry(i, {})

async function appendAndAnchor(db: Kysely<Database>, n: number) {
  for (let i = 1; i <= n; i++) await db.transaction().execute((trx) => appendAuditEntry(trx, entry(i)))
  await anchorAuditLog(db, key)
}

/** Edits one row past the append-only trigger (what a database-level attacker can do), without re-hashing. */
async function tamper(db: Kysely<Database>, seq: number) {
  await sql`alter table audit_log disable trigger audit_log_no_update_or_delete`.execute(db)
  await sql`update audit_log set subject_owner_id = 'someone-else' where seq = ${seq}`.execute(db)
  await sql`alter table audit_log enable trigger audit_log_no_update_or_delete`.execute(db)
}

function capturingLogger() {
  const records: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      records.push(JSON.parse(chunk.toString()))
      done()
    },
  })
  return { logger: createLogger('info', stream), records }
}

const metricValue = async (metrics: OpsMetrics, name: string) =>
  (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.each(testDatabases())('audit verification on $name', (testDb) => {
  const database = useTestDatabase(testDb)

  it('the scheduled job reports an intact log as ok, then a tampered row at error level and on the metric', async () => {
    await appendAndAnchor(database.db, 5)
    const { logger, records } = capturingLogger()
    const metrics = new OpsMetrics({ db: database.db, role: 'test', processMetrics: false })
    const target =
      database.kind === 'postgres'
        ? ({ kind: 'postgres', url: database.url! } as const)
        : ({ kind: 'pglite', pglite: database.pglite!, kysely: database.db } as const)
    const boss: PgBoss = await startJobQueue(target, { onError: () => {} })
    try {
      expect(await metricValue(metrics, 'homeward_audit_verify_ok')).toBe(-1) // not run yet: not a failure
      await startAuditVerifier(boss, database.db, logger, '17 4 * * *', key, metrics)
      expect((await boss.getSchedules()).map((s) => s.name)).toContain(AUDIT_VERIFY_QUEUE)
      await until(
        async () => (await metricValue(metrics, 'homeward_audit_verify_ok')) === 1,
        'the first verification (sent at start)',
      )
      expect(records.some((r) => r.msg === 'audit log verified' && r.level === 30)).toBe(true)

      await tamper(database.db, 2)
      await boss.send(AUDIT_VERIFY_QUEUE, {})
      await until(
        async () => (await metricValue(metrics, 'homeward_audit_verify_ok')) === 0,
        'the verification after tampering',
      )
      const failure = records.find((r) => r.level === 50)
      expect(failure).toMatchObject({
        msg: expect.stringMatching(/verification FAILED/),
        auditVerify: { chain: { brokenAtSeq: '2', reason: expect.stringMatching(/does not match its contents/) } },
      })
      expect(await metrics.render()).toMatch(/homeward_audit_verify_ok\{role="test"\} 0/)
    } finally {
      await stopJobQueue(boss, 1000)
    }
  })

  it('runAuditVerification and the command answer the same for a database other than the job’s', async () => {
    const fresh = await testDb.open()
    try {
      await appendAndAnchor(fresh.db, 3)
      const { logger } = capturingLogger()
      expect((await runAuditVerification(fresh.db, key, logger)).ok).toBe(true)
      expect(await auditVerifyCommand(fresh.db, key)).toMatchObject({
        code: 0,
        lines: expect.arrayContaining(['audit log: OK']),
      })
      await tamper(fresh.db, 3)
      const broken = await auditVerifyCommand(fresh.db, key)
      expect(broken.code).toBe(1)
      expect(broken.lines.join('\n')).toMatch(/hash chain: BROKEN at seq 3: row hash does not match its contents/)
    } finally {
      await fresh.dispose()
    }
  })

  it('npm run audit:verify exits 0 on an intact log and 1 with the reason on a tampered one', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hw-audit-verify-'))
    let env: Record<string, string>
    let fresh: Awaited<ReturnType<typeof testDb.open>> | undefined
    if (database.kind === 'postgres') {
      fresh = await testDb.open()
      env = { DATABASE_URL: fresh.url! }
    } else {
      env = {}
    }
    // PGlite is one process's: the command opens DATA_DIR/pglite after this test closed it.
    const withDb = async (work: (db: Kysely<Database>) => Promise<void>) => {
      if (fresh) return work(fresh.db)
      const local = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') })
      try {
        await migrate(local)
        await work(local.db)
      } finally {
        await local.close()
      }
    }
    const command = () =>
      run(process.execPath, ['--import', 'tsx', 'src/audit-verify-cli.ts'], {
        env: { ...process.env, ...env, DATA_DIR: dataDir, AUTH_SECRET: secret },
        cwd: path.resolve(import.meta.dirname, '../..'),
      })
        .then(({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }))
        .catch((error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          out: error.stdout + error.stderr,
        }))
    try {
      await withDb((db) => appendAndAnchor(db, 4))
      expect(await command()).toMatchObject({ code: 0, out: expect.stringMatching(/audit log: OK/) })
      await withDb((db) => tamper(db, 1))
      const broken = await command()
      expect(broken.code).toBe(1)
      expect(broken.out).toMatch(/VERIFICATION FAILED[\s\S]*hash chain: BROKEN at seq 1/)
    } finally {
      await fresh?.dispose()
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
