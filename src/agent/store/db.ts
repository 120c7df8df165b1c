import { DatabaseSync } from 'node:sqlite'

export type AgentDb = DatabaseSync

const SCHEMA = `
create table if not exists outbox (
  client_id text primary key,
  kind text not null check (kind in ('sighting', 'private-match')),
  payload text not null,
  created_at integer not null
);
create index if not exists outbox_kind_created on outbox (kind, created_at);
create table if not exists rejected (
  client_id text primary key, kind text not null, payload text not null,
  code text not null, message text not null, rejected_at integer not null
);
create table if not exists snapshots (
  ref text primary key, source text not null, captured_at integer not null,
  expires_at integer not null, file text not null
);
create index if not exists snapshots_expires on snapshots (expires_at);
create table if not exists local_sightings (
  client_id text primary key, snapshot_ref text not null, species text not null, score real not null,
  model_id text not null, captured_at integer not null, expires_at integer not null, embedding blob not null
);
create index if not exists local_sightings_captured on local_sightings (captured_at);
create table if not exists private_reports (
  search_id text not null, reported_at integer not null, score real not null, client_id text not null
);
create index if not exists private_reports_search on private_reports (search_id, reported_at);
create table if not exists counters (name text primary key, value integer not null);
create table if not exists state (key text primary key, value text not null);
`

/**
 * Node 22's built-in SQLite: no native addon to build on a Raspberry Pi. WAL with synchronous=FULL, so
 * a sighting acknowledged to the frame pipeline survives a crash or a power cut.
 */
export function openAgentDb(file: string): AgentDb {
  const db = new DatabaseSync(file)
  db.exec('pragma journal_mode = wal; pragma synchronous = full; pragma busy_timeout = 5000;')
  db.exec(SCHEMA)
  return db
}

const depth = new WeakMap<AgentDb, number>()

/** All or nothing; nested calls become savepoints, so helpers that open one compose. */
export function transaction<T>(db: AgentDb, work: () => T): T {
  const level = depth.get(db) ?? 0
  const name = `sp${level}`
  db.exec(level ? `savepoint ${name}` : 'begin immediate')
  depth.set(db, level + 1)
  try {
    const result = work()
    db.exec(level ? `release ${name}` : 'commit')
    return result
  } catch (err) {
    db.exec(level ? `rollback to ${name}; release ${name}` : 'rollback')
    throw err
  } finally {
    depth.set(db, level)
  }
}

export function readState(db: AgentDb, key: string): string | undefined {
  const row = db.prepare('select value from state where key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function writeState(db: AgentDb, key: string, value: string) {
  db.prepare('insert into state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(
    key,
    value,
  )
}

export function bumpCounter(db: AgentDb, name: string, by = 1) {
  db.prepare(
    'insert into counters (name, value) values (?, ?) on conflict (name) do update set value = value + excluded.value',
  ).run(name, by)
}

export function readCounters(db: AgentDb): Record<string, number> {
  const rows = db.prepare('select name, value from counters order by name').all() as { name: string; value: number }[]
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.value)]))
}
