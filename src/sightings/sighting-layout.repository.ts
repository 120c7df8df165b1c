import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { isPartitionName, type PartitionWindow } from './sighting-partition.rules.ts'

/** DDL waits at most this long for its lock, so it never stalls ingest or matching; the next run retries. */
const DDL_LOCK_TIMEOUT = '5s'

function partitionIdentifier(name: string) {
  if (!isPartitionName(name)) throw new Error(`not a sighting partition name: ${name}`)
  return sql.id(name)
}

async function withLockTimeout<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('lock_timeout', ${DDL_LOCK_TIMEOUT}, true)`.execute(trx)
    return work(trx)
  })
}

/**
 * Creates the partition for a window unless it exists. Returns false, creating nothing, when the default
 * partition already holds sightings of that window (PostgreSQL would refuse): they stay there until they
 * expire.
 */
export async function createSightingPartition(db: Kysely<Database>, w: PartitionWindow): Promise<boolean> {
  return withLockTimeout(db, async (trx) => {
    const known = await trx
      .selectFrom('sighting_partitions')
      .select('name')
      .where('name', '=', w.name)
      .executeTakeFirst()
    if (known) return false
    const { rows: stranded } = await sql`select 1 from sightings_default
      where captured_at >= ${w.start} and captured_at < ${w.end} limit 1`.execute(trx)
    if (stranded.length) return false
    await sql`create table ${partitionIdentifier(w.name)} partition of sightings
      for values from (${sql.lit(w.start.toISOString())}) to (${sql.lit(w.end.toISOString())})
      with (autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0)`.execute(trx)
    await trx
      .insertInto('sighting_partitions')
      .values({ name: w.name, range_start: w.start, range_end: w.end })
      .execute()
    return true
  })
}

export function listSightingPartitions(db: Kysely<Database>) {
  return db.selectFrom('sighting_partitions').selectAll().orderBy('range_start').execute()
}

/** The partition's own copy of the (species, model_id, cell, captured_at) candidate index. */
async function orderingIndexOf(db: Kysely<Database>, name: string): Promise<string> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_index x on x.indexrelid = c.oid
    where i.inhparent = 'sightings_candidates_idx'::regclass and x.indrelid = ${name}::regclass`.execute(db)
  if (!rows[0]) throw new Error(`partition ${name} has no candidate index`)
  return rows[0].relname
}

/**
 * Rewrites one partition in (species, model_id, cell, captured_at) order, so the sightings a search
 * fetches share heap pages, then vacuums it: the rewrite leaves no page marked all-visible, and until
 * one is, an index-only scan of the candidate index still visits the heap. CLUSTER holds an exclusive
 * lock on this partition only, for the seconds the rewrite takes: matching and late sightings for this
 * window wait; the open window is untouched.
 */
export async function orderSightingPartition(db: Kysely<Database>, name: string): Promise<number> {
  const index = await orderingIndexOf(db, name)
  const count = await withLockTimeout(db, async (trx) => {
    await sql`cluster ${partitionIdentifier(name)} using ${sql.id(index)}`.execute(trx)
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${partitionIdentifier(name)}`.execute(trx)
    const count = Number(rows[0]!.n)
    await trx
      .updateTable('sighting_partitions')
      .set({ ordered_at: sql`now()`, ordered_rows: String(count) })
      .where('name', '=', name)
      .execute()
    return count
  })
  // VACUUM cannot run inside a transaction.
  await sql`vacuum (analyze) ${partitionIdentifier(name)}`.execute(db)
  return count
}

/** Drops a whole partition: cheaper than deleting its rows one by one once all of them have expired. */
export async function dropSightingPartition(db: Kysely<Database>, name: string): Promise<void> {
  await withLockTimeout(db, async (trx) => {
    await sql`drop table if exists ${partitionIdentifier(name)}`.execute(trx)
    await trx.deleteFrom('sighting_partitions').where('name', '=', name).execute()
  })
}
