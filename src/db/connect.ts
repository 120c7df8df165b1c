import fs from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { Kysely, PGliteDialect } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import type { Database } from './database.ts'

export type DatabaseTarget =
  | {
      readonly kind: 'pglite'
      readonly dir?: string | undefined
      /** A dumped data directory to start from (tests start from a migrated copy instead of initdb). */
      readonly loadDataDir?: Blob | undefined
    }
  | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections?: number }

export interface OpenDatabase {
  readonly db: Kysely<Database>
  readonly kind: DatabaseTarget['kind']
  /** The embedded instance, for callers (like the job queue) that must share it; undefined on PostgreSQL. */
  readonly pglite: PGlite | undefined
  /** Runs a multi-statement SQL script (a migration) in one transaction. */
  runScript(script: string): Promise<void>
  close(): Promise<void>
}

/** One code path through Kysely: embedded PGlite (a folder, or memory when `dir` is unset) or PostgreSQL. */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
      // JIT compiles a plan the planner costs highly, which a search over partitions can be: ~90 ms of
      // compiling for a query that runs in ~10. Nothing here runs long enough to win it back.
      connection: { application_name: 'homeward', jit: 'off' },
    })
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) })
    const runScript = async (script: string) => {
      await client.begin((tx) => tx.unsafe(script).simple())
    }
    return { db, kind: 'postgres', pglite: undefined, runScript, close: () => db.destroy() }
  }
  if (target.dir) await fs.mkdir(target.dir, { recursive: true })
  const pglite = await PGlite.create(target.dir ?? 'memory://', {
    extensions: { vector },
    ...(target.loadDataDir && { loadDataDir: target.loadDataDir }),
  })
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  // Kysely hands out PGlite's one connection to one caller at a time; holding it keeps every other query
  // out while the script runs on the raw instance.
  const runScript = (script: string) =>
    db.connection().execute(() => pglite.transaction(async (tx) => void (await tx.exec(script))))
  return { db, kind: 'pglite', pglite, runScript, close: () => db.destroy() }
}
