import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../src/db/connect.ts'
import { migrate, readMigrations } from '../../src/db/migrate.ts'
import { startJobQueue, stopJobQueue } from '../../src/jobs/boss.ts'

/**
 * PGlite's initdb takes seconds; loading a dumped, already-migrated data directory is several times
 * faster. The dump is keyed by the migrations' content, so a changed sql/ file makes a new one.
 */
export async function pgliteTemplatePath(): Promise<string> {
  const migrations = await readMigrations()
  const key = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16)
  const file = path.join(os.tmpdir(), `homeward-pglite-template-${key}.tar`)
  try {
    await fs.access(file)
    return file
  } catch {
    // not built yet
  }
  const database = await openDatabase({ kind: 'pglite' })
  await migrate(database, migrations)
  // pg-boss installs its own schema on first start; doing it here keeps that out of every test file.
  const boss = await startJobQueue(
    { kind: 'pglite', pglite: database.pglite!, kysely: database.db },
    { onError: () => {} },
  )
  await stopJobQueue(boss)
  const dump = await database.pglite!.dumpDataDir('none')
  await database.close()
  const temp = `${file}.${process.pid}.tmp`
  await fs.writeFile(temp, new Uint8Array(await dump.arrayBuffer()))
  await fs.rename(temp, file)
  return file
}

export async function loadPgliteTemplate(): Promise<Blob> {
  return new Blob([await fs.readFile(await pgliteTemplatePath())])
}
