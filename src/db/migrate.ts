import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { OpenDatabase } from './connect.ts'

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql')

export interface Migration {
  readonly version: string
  readonly sql: string
}

const MIGRATION_FILE = /^(\d{4}_[a-z0-9_-]+)\.sql$/

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await fs.readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort()
  return Promise.all(
    names.map(async (name) => ({
      version: name.replace(/\.sql$/, ''),
      sql: await fs.readFile(path.join(dir, name), 'utf8'),
    })),
  )
}

async function appliedVersions(database: Pick<OpenDatabase, 'db'>): Promise<Set<string>> {
  const { rows } = await sql<{ version: string }>`select version from schema_migrations`.execute(database.db)
  return new Set(rows.map((row) => row.version))
}

/**
 * Applies the files in sql/ that have not run yet, in name order, each in its own transaction together
 * with its row in schema_migrations. When another process applied the same file first, its primary key
 * makes this attempt roll back, and the file is skipped.
 */
export async function migrate(
  database: Pick<OpenDatabase, 'db' | 'runScript'>,
  migrations?: readonly Migration[],
): Promise<string[]> {
  const all = migrations ?? (await readMigrations())
  await sql`create table if not exists schema_migrations (
    version text primary key,
    applied_at timestamptz not null default now()
  )`.execute(database.db)
  const done = await appliedVersions(database)
  const ran: string[] = []
  for (const migration of all) {
    if (done.has(migration.version)) continue
    if (!MIGRATION_FILE.test(`${migration.version}.sql`)) throw new Error(`bad migration name ${migration.version}`)
    try {
      await database.runScript(
        `${migration.sql}\n;\ninsert into schema_migrations (version) values ('${migration.version}');`,
      )
      ran.push(migration.version)
    } catch (error) {
      if (!(await appliedVersions(database)).has(migration.version)) throw error
    }
  }
  return ran
}
