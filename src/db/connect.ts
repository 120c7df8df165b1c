import fs from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
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
    // node-postgres, not postgres.js: after a PostgreSQL restart postgres.js 3.4.9 can leave a pooled
    // connection with a stale write timer, so every later write on it (the startup message first) is
    // buffered and never sent and the pool never recovers (docs/capacity.md, "Database driver").
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 10,
      application_name: 'homeward',
      // JIT compiles a plan the planner costs highly, which a search over partitions can be: ~90 ms of
      // compiling for a query that runs in ~10. Nothing here runs long enough to win it back.
      options: '-c jit=off',
      // Unset, a query waits for a connection forever while PostgreSQL is down; this fails it (a 5xx the
      // caller retries) and /ready says why.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    })
    // A connection the server ends (restart, pg_terminate_backend) emits 'error' on its client, idle in
    // the pool or checked out; its queries have already failed, the pool drops it and dials a new one
    // on demand. Unheard, the event would end the process.
    pool.on('error', () => {})
    pool.on('connect', (client) => client.on('error', () => {}))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    const runScript = async (script: string) => {
      const client = await pool.connect()
      let failed: Error | undefined
      try {
        await client.query('begin')
        await client.query(script) // no parameters: the simple protocol, so several statements may run
        await client.query('commit')
      } catch (err) {
        failed = err as Error
        await client.query('rollback').catch(() => {})
        throw err
      } finally {
        client.release(failed)
      }
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
