import { type AgentDb, transaction } from './db.ts'

export type OutboxKind = 'sighting' | 'private-match'

export interface OutboxItem<T = unknown> {
  readonly clientId: string
  readonly payload: T
}

/** The durable queue: an item leaves only when the server has acknowledged it (or refused it for good). */
export function enqueue(db: AgentDb, kind: OutboxKind, items: readonly OutboxItem[], now = Date.now()) {
  const insert = db.prepare(
    'insert into outbox (client_id, kind, payload, created_at) values (?, ?, ?, ?) on conflict do nothing',
  )
  transaction(db, () => {
    for (const item of items) insert.run(item.clientId, kind, JSON.stringify(item.payload), now)
  })
}

export function peekBatch<T>(db: AgentDb, kind: OutboxKind, limit: number): OutboxItem<T>[] {
  const rows = db
    .prepare('select client_id, payload from outbox where kind = ? order by created_at, client_id limit ?')
    .all(kind, limit) as { client_id: string; payload: string }[]
  return rows.map((r) => ({ clientId: r.client_id, payload: JSON.parse(r.payload) as T }))
}

export function removeItems(db: AgentDb, clientIds: readonly string[]) {
  const del = db.prepare('delete from outbox where client_id = ?')
  transaction(db, () => {
    for (const id of clientIds) del.run(id)
  })
}

/** Keeps what the server refused (bad model, bad data) out of the retry loop, but visible to `status`. */
export function rejectItems(
  db: AgentDb,
  clientIds: readonly string[],
  code: string,
  message: string,
  now = Date.now(),
) {
  transaction(db, () => {
    const move = db.prepare(
      `insert or replace into rejected (client_id, kind, payload, code, message, rejected_at)
       select client_id, kind, payload, ?, ?, ? from outbox where client_id = ?`,
    )
    const del = db.prepare('delete from outbox where client_id = ?')
    for (const id of clientIds) {
      move.run(code, message, now, id)
      del.run(id)
    }
  })
}

export function countOutbox(db: AgentDb): Record<OutboxKind, number> {
  const rows = db.prepare('select kind, count(*) as n from outbox group by kind').all() as {
    kind: OutboxKind
    n: number
  }[]
  const counts: Record<OutboxKind, number> = { sighting: 0, 'private-match': 0 }
  for (const r of rows) counts[r.kind] = Number(r.n)
  return counts
}

export function countRejected(db: AgentDb): number {
  return Number((db.prepare('select count(*) as n from rejected').get() as { n: number }).n)
}

/** Consent revoked: nothing queued may be sent later, so nothing queued is kept. */
export function clearOutbox(db: AgentDb): number {
  const n = Number(db.prepare('delete from outbox').run().changes)
  db.prepare('delete from rejected').run()
  return n
}

export function purgeRejected(db: AgentDb, olderThan: number) {
  db.prepare('delete from rejected where rejected_at < ?').run(olderThan)
}
