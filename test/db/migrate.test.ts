import { getMigrations } from 'better-auth/db/migration'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuth } from '../../src/accounts/auth.ts'
import { migrate, readMigrations } from '../../src/db/migrate.ts'
import { testDatabases } from '../support/databases.ts'

describe.each(testDatabases())('migrations on $name', (testDb) => {
  let dispose: (() => Promise<void>) | undefined
  afterEach(async () => dispose?.())

  it('applies every sql/ file once, records it, and is a no-op the second time', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const files = await readMigrations()
    const { rows } = await sql<{ version: string }>`select version from schema_migrations order by version`.execute(
      database.db,
    )
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version))
    expect(await migrate(database)).toEqual([])
  })

  it('rolls back a failing migration whole and does not record it', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const broken = { version: '9999_broken', sql: 'create table half_done (id int); select no_such_function();' }
    await expect(migrate(database, [broken])).rejects.toThrow()
    const { rows } = await sql`select 1 from information_schema.tables where table_name = 'half_done'`.execute(
      database.db,
    )
    expect(rows).toHaveLength(0)
    const recorded = await sql`select 1 from schema_migrations where version = '9999_broken'`.execute(database.db)
    expect(recorded.rows).toHaveLength(0)
  })

  it('has exactly the tables and columns better-auth expects', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const auth = createAuth({
      db: database.db,
      secret: 'x'.repeat(40),
      baseURL: 'http://localhost',
      trustedOrigins: [],
    })
    const { toBeCreated, toBeAdded } = await getMigrations(auth.options)
    expect(toBeCreated.map((t) => t.table)).toEqual([])
    expect(toBeAdded.map((t) => t.table)).toEqual([])
  })
})
