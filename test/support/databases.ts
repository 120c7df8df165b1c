import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll } from 'vitest'
import { openDatabase, type OpenDatabase } from '../../src/db/connect.ts'
import { migrate } from '../../src/db/migrate.ts'
import { prepareEdgeDatabase } from '../../scripts/edge-db.ts'
import { loadPgliteTemplate } from './pglite-template.ts'

export interface TestDatabase {
  readonly name: 'pglite' | 'postgres'
  /** A fresh, fully migrated database; closed (and on PostgreSQL dropped) by the returned cleanup. */
  open(): Promise<OpenDatabase & { url?: string; dispose(): Promise<void> }>
}

const serverUrl = process.env.TEST_DATABASE_URL
// npm run test:edge: every file uses the one database `wrangler dev` reaches (test/edge/global-setup.ts),
// made afresh for each file (files run one at a time), as each file gets a fresh database on Node.
const edgeDatabaseUrl = process.env.EDGE_DATABASE_URL

async function openEdgeDatabase(url: string) {
  await prepareEdgeDatabase(url, { fresh: true })
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 4 })
  return { ...database, url, dispose: () => database.close() }
}

// CI runs the suite twice, on PGlite and then on PostgreSQL; the second run need not repeat the PGlite cases.
const skipPglite = serverUrl !== undefined && process.env.TEST_SKIP_PGLITE === '1'

if (!serverUrl) console.info('TEST_DATABASE_URL is not set: tests run on PGlite only')

async function openPglite() {
  const database = await openDatabase({ kind: 'pglite', loadDataDir: await loadPgliteTemplate() })
  await migrate(database)
  return { ...database, dispose: () => database.close() }
}

async function openPostgres(url: string) {
  const name = `hw_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  const database = await openDatabase({ kind: 'postgres', url: target.toString(), maxConnections: 4 })
  await migrate(database)
  return {
    ...database,
    url: target.toString(),
    async dispose() {
      await database.close()
      const cleanup = postgres(url, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

/**
 * PGlite, and PostgreSQL as well when TEST_DATABASE_URL names a server (with pgvector installed);
 * TEST_SKIP_PGLITE=1 leaves PGlite out when a server is named.
 */
export function testDatabases(): TestDatabase[] {
  if (edgeDatabaseUrl) return [{ name: 'postgres', open: () => openEdgeDatabase(edgeDatabaseUrl) }]
  const list: TestDatabase[] = skipPglite ? [] : [{ name: 'pglite', open: openPglite }]
  if (serverUrl) list.push({ name: 'postgres', open: () => openPostgres(serverUrl) })
  return list
}

export type OpenedTestDatabase = Awaited<ReturnType<TestDatabase['open']>>

/** A fresh database for one file's tests: opened before them, disposed after; read it only inside hooks and tests. */
export function useTestDatabase(testDb: TestDatabase): OpenedTestDatabase {
  let opened: OpenedTestDatabase | undefined
  beforeAll(async () => {
    opened = await testDb.open()
  })
  afterAll(async () => opened?.dispose())
  return new Proxy({} as OpenedTestDatabase, {
    get(_, key) {
      if (!opened) throw new Error('the test database is opened in beforeAll: read it inside a hook or a test')
      return Reflect.get(opened, key)
    },
  })
}
