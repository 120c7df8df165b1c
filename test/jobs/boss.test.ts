import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, sql } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import { fromKysely, type PgBoss } from 'pg-boss'
import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startJobQueue, stopJobQueue, type JobQueueTarget } from '../../src/jobs/boss.ts'
import { createPgliteBossAdapter } from '../../src/jobs/pglite-boss-adapter.ts'

interface ProbeTables {
  job_probe: { id: number }
}

interface JobTestDatabase {
  readonly kysely: Kysely<ProbeTables>
  readonly target: JobQueueTarget<ProbeTables>
  close(): Promise<void>
}

// pg-boss's floor; short enough that a test waits about a second for a worker.
const fastPolling = { pollingIntervalSeconds: 0.5 }
const POLL_MS = fastPolling.pollingIntervalSeconds * 1000

class RollBack extends Error {}

async function openPglite(): Promise<JobTestDatabase> {
  const pglite = await PGlite.create()
  const kysely = new Kysely<ProbeTables>({ dialect: new PGliteDialect({ pglite }) })
  return { kysely, target: { kind: 'pglite', pglite, kysely }, close: () => kysely.destroy() }
}

/** A fresh database per run, so pg-boss installs its schema from scratch and leaves nothing behind. */
async function openPostgres(serverUrl: string): Promise<JobTestDatabase> {
  const name = `hw_jobs_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const client = postgres(url.href, { max: 2, onnotice: () => {} })
  const kysely = new Kysely<ProbeTables>({ dialect: new PostgresJSDialect({ postgres: client }) })
  const close = async () => {
    await kysely.destroy()
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
  return { kysely, target: { kind: 'postgres', url: url.href }, close }
}

const serverUrl = process.env.TEST_DATABASE_URL
const databases = [
  { name: 'PGlite', open: openPglite },
  ...(serverUrl ? [{ name: 'PostgreSQL', open: () => openPostgres(serverUrl) }] : []),
]

async function waitFor(done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`)
    await sleep(50)
  }
}

describe.each(databases)('job queue on $name', ({ name, open }) => {
  let database: JobTestDatabase
  let boss: PgBoss
  const queueErrors: Error[] = []

  beforeAll(async () => {
    database = await open()
    await sql`create table job_probe (id int not null)`.execute(database.kysely)
    boss = await startJobQueue(database.target, { onError: (error) => queueErrors.push(error) })
  })
  afterAll(async () => {
    if (boss) await stopJobQueue(boss, 1_000)
    await database?.close()
  })
  afterEach(() => expect(queueErrors).toEqual([]))

  async function waitForState(queue: string, id: string | null, state: string) {
    await waitFor(async () => (await boss.findJobs(queue, { id: id! }))[0]?.state === state)
    const [job] = await boss.findJobs(queue, { id: id! })
    return job!
  }

  it('processes each sent job exactly once, with two workers polling', async () => {
    await boss.createQueue('exactly-once')
    const sent = await Promise.all([1, 2, 3, 4, 5].map((n) => boss.send('exactly-once', { n })))
    const handled: string[] = []
    await boss.work('exactly-once', { ...fastPolling, localConcurrency: 2 }, async ([job]) => {
      handled.push(job!.id)
    })
    await waitFor(async () => (await boss.findJobs('exactly-once')).every((job) => job.state === 'completed'))
    await sleep(2 * POLL_MS) // room for a second delivery to show up
    await boss.offWork('exactly-once')
    expect(handled.toSorted()).toEqual(sent.toSorted())
  })

  it('creates a cron schedule', async () => {
    await boss.createQueue('nightly-sweep')
    await boss.schedule('nightly-sweep', '0 3 * * *', { reason: 'retention' }, { tz: 'UTC' })
    const schedules = await boss.getSchedules('nightly-sweep')
    expect(schedules).toMatchObject([{ name: 'nightly-sweep', cron: '0 3 * * *', timezone: 'UTC' }])
  })

  it('retries a job whose handler throws, until it succeeds', async () => {
    await boss.createQueue('flaky', { retryLimit: 2, retryDelay: 0 })
    const id = await boss.send('flaky', { step: 'embed' })
    let attempts = 0
    await boss.work('flaky', fastPolling, async () => {
      attempts += 1
      if (attempts === 1) throw new Error('transient failure')
    })
    const job = await waitForState('flaky', id, 'completed')
    await boss.offWork('flaky')
    expect(attempts).toBe(2)
    expect(job.retryCount).toBe(1)
  })

  it('keeps its work out of a Kysely transaction that is open and then rolls back', async () => {
    await boss.createQueue('during-transaction')
    const handled: unknown[] = []
    await boss.work('during-transaction', fastPolling, async ([job]) => void handled.push(job!.data))
    const order: string[] = []
    let sending: Promise<string | null> | undefined
    const transaction = database.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('job_probe').values({ id: 1 }).execute()
      sending = boss.send('during-transaction', { note: 'sent mid-transaction' }).then((id) => {
        order.push('sent')
        return id
      })
      await sleep(POLL_MS + 200) // the worker polls at least once in here too
      order.push('rolling back')
      throw new RollBack()
    })
    await expect(transaction).rejects.toBeInstanceOf(RollBack)

    const job = await waitForState('during-transaction', await sending!, 'completed')
    await boss.offWork('during-transaction')
    expect(job.data).toEqual({ note: 'sent mid-transaction' })
    expect(handled).toEqual([{ note: 'sent mid-transaction' }])
    expect(await database.kysely.selectFrom('job_probe').selectAll().execute()).toEqual([])
    // PGlite has one session, so the send must wait for the transaction rather than run inside it.
    if (database.target.kind === 'pglite') expect(order).toEqual(['rolling back', 'sent'])
  })

  it('enqueues as part of a Kysely transaction through fromKysely', async () => {
    await boss.createQueue('with-transaction')
    await database.kysely.transaction().execute(async (trx) => {
      await boss.send('with-transaction', { kept: true }, { db: fromKysely(trx) })
    })
    const rolledBack = database.kysely.transaction().execute(async (trx) => {
      await boss.send('with-transaction', { kept: false }, { db: fromKysely(trx) })
      throw new RollBack()
    })
    await expect(rolledBack).rejects.toBeInstanceOf(RollBack)
    const jobs = await boss.findJobs('with-transaction')
    expect(jobs.map((job) => job.data)).toEqual([{ kept: true }])
  })

  it.runIf(name === 'PGlite')(
    'rolls back a failed pg-boss block before a waiting Kysely transaction runs',
    async () => {
      if (database.target.kind !== 'pglite') throw new Error('PGlite only')
      const adapter = createPgliteBossAdapter(database.target.pglite, database.kysely)
      const failing = adapter.executeSql('BEGIN; SELECT 1; SELECT 1 / 0; COMMIT')
      const waiting = database.kysely
        .transaction()
        .execute((trx) => trx.insertInto('job_probe').values({ id: 2 }).execute())
      await expect(failing).rejects.toThrow('division by zero')
      // Were the session still aborted, this transaction's BEGIN would fail unseen and it would never settle.
      await Promise.race([waiting, sleep(2_000).then(() => Promise.reject(new Error('Kysely transaction hung')))])
      expect(await database.kysely.selectFrom('job_probe').selectAll().execute()).toEqual([{ id: 2 }])
    },
  )
})

if (!serverUrl) {
  describe.skip('job queue on PostgreSQL', () => {
    it('runs when TEST_DATABASE_URL is set, e.g. postgres://postgres@127.0.0.1:5432/postgres', () => {})
  })
}
