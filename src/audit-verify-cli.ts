// `npm run audit:verify`: an operator's check of the audit log against its keyed checkpoints, with the server's
// configuration (DATABASE_URL or DATA_DIR, AUTH_SECRET or DATA_DIR/auth-secret). Exit 0 intact, 1 broken, 2 when
// it cannot check (no secret). An entry point beside main.ts, not in src/audit: it reads the secret of src/accounts.
import { readAuthSecret } from './accounts/auth-secret.ts'
import { loadConfigOrExit } from './config-cli.ts'
import { openDatabase } from './db/connect.ts'
import { deriveAuditKey } from './audit/audit-anchor.rules.ts'
import { auditVerifyCommand } from './audit/audit-verify.service.ts'

const config = loadConfigOrExit()
const secret = await readAuthSecret(config.dataDir, config.auth.secret)
if (!secret) {
  console.error(
    `audit:verify: no AUTH_SECRET and no ${config.dataDir}/auth-secret — the checkpoint key comes from the server's secret`,
  )
  process.exit(2)
}
const database = await openDatabase(config.database)
const result = await auditVerifyCommand(database.db, await deriveAuditKey(secret)).finally(() => database.close())
for (const line of result.lines) (result.code === 0 ? console.log : console.error)(line)
process.exit(result.code)
