import type { PGlite } from '@electric-sql/pglite'
import type { Kysely } from 'kysely'
import { fromPglite, type Db } from 'pg-boss'

/**
 * pg-boss's `db` for the embedded PGlite that the app's Kysely already uses.
 *
 * pg-boss's own `fromPglite` does the PGlite-specific work: parameterless SQL (pg-boss's
 * `BEGIN; SELECT pg_advisory_xact_lock(..); ...; COMMIT` blocks and migrations) goes through `exec`,
 * and the rows of every statement are returned, so a RETURNING before the COMMIT is not lost.
 *
 * What it cannot do alone is share the one PGlite session with Kysely. When such a block fails, the
 * session stays in the aborted transaction until `fromPglite` sends ROLLBACK as a second call; a
 * Kysely query that got in between would fail, and a Kysely transaction would hang for good (its
 * BEGIN fails inside PGlite's `transaction()`, which Kysely never hears about). So each statement,
 * and the rollback after it, runs while holding Kysely's connection: Kysely hands out its single
 * PGlite connection to one caller at a time, and a Kysely transaction keeps it until it ends, so
 * neither side can ever run inside the other's transaction.
 *
 * Consequence for callers: on PGlite, never await a pg-boss call inside a Kysely transaction (it
 * waits for the connection the transaction holds). To enqueue as part of the transaction, pass the
 * transaction itself: `boss.send(name, data, { db: fromKysely(trx) })`.
 */
export function createPgliteBossAdapter<DB>(pglite: PGlite, kysely: Kysely<DB>): Db {
  const statements = fromPglite(pglite)
  return {
    executeSql: (text, values) => kysely.connection().execute(() => statements.executeSql(text, values)),
  }
}
