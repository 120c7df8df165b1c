import { sql, type Insertable, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { SearchHoldTable } from './search-hold.table.ts'

export function insertHold(db: Kysely<Database>, values: Insertable<SearchHoldTable>) {
  return db.insertInto('search_holds').values(values).returning('id').executeTakeFirstOrThrow()
}

/** Holds this account's searches ran into since `since` that were refused or are still waiting. */
export async function countHoldsAgainst(db: Kysely<Database>, heldOwnerId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('search_holds')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('held_owner_id', '=', heldOwnerId)
    .where('created_at', '>', since)
    .where((eb) => eb.or([eb('decision', 'is', null), eb('decision', '=', 'refused')]))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The searches whose owners let this search go ahead (a co-owner's): they no longer hold its changes. */
export async function releasedBy(db: Kysely<Database>, heldSearchId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('search_holds')
    .select('first_search_id')
    .where('held_search_id', '=', heldSearchId)
    .where('decision', '=', 'released')
    .execute()
  return rows.map((row) => row.first_search_id)
}

export async function recordProxyRefusal(db: Kysely<Database>) {
  await db.insertInto('proxy_refusals').defaultValues().execute()
}

/** The holds waiting on a search of this owner, with what the owner needs to decide. */
export function listPendingHolds(db: Kysely<Database>, firstSearchId: string, ownerId: string) {
  return db
    .selectFrom('search_holds')
    .innerJoin('lost_searches as first', 'first.id', 'search_holds.first_search_id')
    .innerJoin('lost_searches as held', 'held.id', 'search_holds.held_search_id')
    .select([
      'search_holds.id',
      'search_holds.created_at',
      'search_holds.similarity',
      'search_holds.held_search_id',
      'search_holds.held_owner_id',
      'held.name',
      'held.description',
      'held.last_seen_at',
      'held.last_seen_cell',
    ])
    .where('search_holds.first_search_id', '=', firstSearchId)
    .where('first.owner_id', '=', ownerId)
    .where('search_holds.decision', 'is', null)
    .orderBy('search_holds.created_at')
    .execute()
}

/** Records the first owner's decision; returns the held search, or nothing when the hold is not theirs or already decided. */
export function decideHold(
  db: Kysely<Database>,
  holdId: string,
  firstSearchId: string,
  ownerId: string,
  decision: 'released' | 'refused',
  at: Date,
) {
  return db
    .updateTable('search_holds')
    .set({ decision, decided_at: at })
    .where('id', '=', holdId)
    .where('first_search_id', '=', firstSearchId)
    .where('decision', 'is', null)
    .where(sql<boolean>`exists (select 1 from lost_searches where id = ${firstSearchId} and owner_id = ${ownerId})`)
    .returning(['held_search_id', 'held_owner_id'])
    .executeTakeFirst()
}

export async function countHolds(db: Kysely<Database>) {
  const [holds, refusals] = await Promise.all([
    db
      .selectFrom('search_holds')
      .select(['decision', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('decision')
      .execute(),
    db
      .selectFrom('proxy_refusals')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  const of = (d: string | null) => Number(holds.find((h) => h.decision === d)?.n ?? 0)
  return {
    held: of(null) + of('released') + of('refused'),
    waiting: of(null),
    released: of('released'),
    refusedByOwner: of('refused'),
    refusedOutright: Number(refusals.n),
  }
}

export async function closeHeldSearch(db: Kysely<Database>, searchId: string, at: Date) {
  await db
    .updateTable('lost_searches')
    .set({ status: 'closed', closed_at: at })
    .where('id', '=', searchId)
    .where('status', '=', 'held')
    .execute()
}

export function activateHeldSearchRow(db: Kysely<Database>, searchId: string, at: Date) {
  return db
    .updateTable('lost_searches')
    .set({ status: 'active', updated_at: at })
    .where('id', '=', searchId)
    .where('status', '=', 'held')
    .returning('id')
    .executeTakeFirst()
}
