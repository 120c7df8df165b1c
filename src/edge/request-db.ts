import { AsyncLocalStorage } from 'node:async_hooks'
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type TransactionSettings,
} from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import type { Database } from '../db/database.ts'

/** The part of Workers' Hyperdrive binding this adapter uses. */
export interface HyperdriveLike {
  readonly connectionString: string
}

/**
 * A Worker may not use a socket opened by another request, so each request gets its own postgres.js client
 * (Hyperdrive keeps the real connections warm; opening one from the Worker is cheap). Routes get a Kysely on it
 * through their per-request deps; what is built once per isolate (better-auth, metrics) queries through this
 * driver, which hands every query to the client of the request it runs in, found through AsyncLocalStorage.
 */
const scope = new AsyncLocalStorage<Driver>()
const owners = new WeakMap<DatabaseConnection, Driver>()

function currentDriver(): Driver {
  const driver = scope.getStore()
  if (!driver) throw new Error('a database query ran outside a request (edge: there is no connection to use)')
  return driver
}

function ownerOf(connection: DatabaseConnection): Driver {
  const driver = owners.get(connection)
  if (!driver) throw new Error('a connection of another request')
  return driver
}

class RequestScopedDriver implements Driver {
  async init() {}
  async acquireConnection() {
    const driver = currentDriver()
    const connection = await driver.acquireConnection()
    owners.set(connection, driver)
    return connection
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return ownerOf(connection).beginTransaction(connection, settings)
  }
  commitTransaction(connection: DatabaseConnection) {
    return ownerOf(connection).commitTransaction(connection)
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return ownerOf(connection).rollbackTransaction(connection)
  }
  releaseConnection(connection: DatabaseConnection) {
    return ownerOf(connection).releaseConnection(connection)
  }
  async destroy() {}
}

class RequestScopedDialect implements Dialect {
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver() {
    return new RequestScopedDriver()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

/** The isolate's one Kysely; its queries go to the postgres.js client of the request they run in. */
export const createRequestScopedDb = () => new Kysely<Database>({ dialect: new RequestScopedDialect() })

/**
 * Runs `work` with a postgres.js client of its own over Hyperdrive, and closes the client once the response
 * is done (an event stream's once it ends, through `waitUntil`). `work` gets a Kysely on that client for the
 * request's deps; the isolate's createRequestScopedDb (auth, metrics) finds the same client. Hyperdrive pools
 * in transaction mode: no LISTEN, no session settings, so nothing here relies on them.
 */
export async function withRequestDatabase<T>(
  hyperdrive: HyperdriveLike,
  work: (db: Kysely<Database>) => Promise<T>,
  waitUntil: (done: Promise<unknown>) => void,
): Promise<T> {
  // fetch_types stays on (one catalogue read per client): with it off, postgres.js 3.4.9 never answers a
  // reserve() made before its first query, and Kysely reserves for every query.
  const sql = postgres(hyperdrive.connectionString, { max: 5, idle_timeout: 5, connect_timeout: 5, onnotice: () => {} })
  const dialect = new PostgresJSDialect({ postgres: sql })
  const driver = dialect.createDriver()
  await driver.init()
  const db = new Kysely<Database>({ dialect })
  let result: T
  try {
    result = await scope.run(driver, () => work(db))
  } catch (error) {
    waitUntil(sql.end({ timeout: 5 }))
    throw error
  }
  if (!isEventStream(result)) {
    waitUntil(sql.end({ timeout: 5 }))
    return result
  }
  // An event stream queries while it streams (src/edge/polled-alert-events.ts): the client stays open until the
  // stream ends or its reader goes away (which cancels the route's stream, and so its subscription).
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  waitUntil(
    result.body
      .pipeTo(writable)
      .catch(() => undefined)
      .finally(() => sql.end({ timeout: 5 })),
  )
  return new Response(readable, result) as T
}

const isEventStream = (value: unknown): value is Response & { body: ReadableStream<Uint8Array> } =>
  value instanceof Response &&
  value.body !== null &&
  (value.headers.get('content-type') ?? '').startsWith('text/event-stream')
