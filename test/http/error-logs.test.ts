// Issue #20 (Low): a database error's log line named its SQL parameters (exact points, message bodies, ids).
import { Writable } from 'node:stream'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '../../src/db/connect.ts'
import type { AppEnv } from '../../src/http/env.ts'
import { handleError } from '../../src/http/error-handler.ts'
import { createLogger } from '../../src/logger.ts'
import { testDatabases } from '../support/databases.ts'

// Something a log must never show: a last-seen point and a private message's words.
const SECRET_POINT = '51.469871,-0.122213'
const SECRET_WORDS = 'meet-me-behind-the-bakery-7731'

describe.each(testDatabases())('database errors in the logs on $name', (testDb) => {
  let database: OpenDatabase & { dispose(): Promise<void> }
  let lines: string[]
  let app: Hono<AppEnv>

  beforeAll(async () => {
    database = await testDb.open()
    lines = []
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) })
    const logger = createLogger('info', sink)
    app = new Hono<AppEnv>()
    app.use(async (c, next) => (c.set('logger', logger), c.set('requestId', 'r1'), next()))
    app.onError(handleError)
    // Bad input syntax: PostgreSQL quotes the parameter in the message.
    app.get('/syntax', async () => void (await sql`select ${SECRET_POINT}::uuid`.execute(database.db)))
    // A unique violation: the detail names the key's value.
    app.get('/unique', async () => {
      await sql`create table if not exists probe (words text primary key)`.execute(database.db)
      await sql`insert into probe (words) values (${SECRET_WORDS})`.execute(database.db)
      await sql`insert into probe (words) values (${SECRET_WORDS})`.execute(database.db)
    })
  })
  afterAll(async () => database?.dispose())

  it.each([
    ['/syntax', '22P02', SECRET_POINT],
    ['/unique', '23505', SECRET_WORDS],
  ])('logs %s by its error code, never its parameters', async (path, code, secret) => {
    lines.length = 0
    const res = await app.request(path)
    expect(res.status).toBe(500)
    const logged = lines.join('')
    expect(logged).toContain(code)
    expect(logged).toContain('unhandled error')
    expect(logged).not.toContain(secret)
    expect(await res.text()).not.toContain(secret)
  })

  it('keeps the constraint that was violated', async () => {
    lines.length = 0
    await app.request('/unique')
    expect(lines.join('')).toContain('probe_pkey')
  })
})
