import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createEdgeJobQueue } from '../../src/edge/job-queue.ts'
import { MATCH_SEARCH_QUEUE, MATCH_SIGHTINGS_QUEUE } from '../../src/matches/match.jobs.ts'
import { useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

// The Worker enqueues with pg-boss's own insert statement, not with pg-boss: the row must be the one send() writes.
describe.each(testDatabases())('edge job queue on $name', (testDb) => {
  const t = useTestApp(testDb)

  it('writes the job pg-boss would, in the caller’s transaction, with the queue’s retry policy', async () => {
    const searchId = crypto.randomUUID()
    await t.database.db.transaction().execute((trx) => createEdgeJobQueue().matchQueue.searchChanged(trx, searchId))
    const { rows } = await sql<{
      state: string
      retry_limit: number
      retry_backoff: boolean
      heartbeat_seconds: number
    }>`
      select state, retry_limit, retry_backoff, heartbeat_seconds from pgboss.job where name = ${MATCH_SEARCH_QUEUE} and data->>'searchId' = ${searchId}`.execute(
      t.database.db,
    )
    expect(rows).toEqual([{ state: 'created', retry_limit: 5, retry_backoff: true, heartbeat_seconds: 10 }])
  })

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const cameraId = crypto.randomUUID()
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await createEdgeJobQueue().matchQueue.sightingsArrived(trx, { cameraId, sightingIds: [] })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const { rows } =
      await sql`select 1 from pgboss.job where name = ${MATCH_SIGHTINGS_QUEUE} and data->>'cameraId' = ${cameraId}`.execute(
        t.database.db,
      )
    expect(rows).toEqual([])
  })

  it('refuses a queue the Node workers have not created, rather than losing the job', async () => {
    await expect(createEdgeJobQueue().send(t.database.db, 'no-such-queue', {})).rejects.toThrow(/does not exist/)
  })
})
