import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import type { Database } from '../../src/db/database.ts'
import { cellsWithin, toCoarseCell } from '../../src/geo/cells.ts'
import { findCandidateSightings } from '../../src/matches/match.repository.ts'
import { maintainSightingLayout } from '../../src/sightings/sighting-layout.service.ts'
import { insertNewSightings } from '../../src/sightings/sighting.repository.ts'
import {
  isPartitionName,
  isPastRetention,
  isReadyToOrder,
  partitionWindowAt,
  partitionWindowsBetween,
} from '../../src/sightings/sighting-partition.rules.ts'
import { toVectorLiteral } from '../../src/db/vector.ts'
import type { Kysely } from 'kysely'
import { CAMERA_POINT, unitVector } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

const HOUR = 3600_000
const NOW = new Date('2026-11-25T13:40:00Z')
const NEAR_CELLS = cellsWithin(CAMERA_POINT, 1500)

async function cameraIn(db: Kysely<Database>, cell: string) {
  const id = `u-${crypto.randomUUID()}`
  await db
    .insertInto('users')
    .values({ id, name: 'Camera owner', email: `${id}@example.com`, image: null })
    .execute()
  const camera = await db
    .insertInto('cameras')
    .values({
      owner_id: id,
      name: 'Yard',
      cell,
      consent_version: '1',
      consent_given_at: NOW,
      consent_expires_at: new Date(NOW.getTime() + 365 * 24 * HOUR),
      consent_revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return camera.id
}

const physicalOrder = (db: Kysely<Database>, partition: string) =>
  sql<{
    species: string
    cell: string
    captured_at: Date
  }>`select species, cell, captured_at from ${sql.id(partition)} order by ctid`
    .execute(db)
    .then((r) => r.rows)

describe('capture windows', () => {
  it.each([
    ['2026-11-25T00:00:00Z', 'sightings_20261125h00', '2026-11-25T06:00:00.000Z'],
    ['2026-11-25T05:59:59.999Z', 'sightings_20261125h00', '2026-11-25T06:00:00.000Z'],
    ['2026-12-31T23:30:00Z', 'sightings_20261231h18', '2027-01-01T00:00:00.000Z'],
  ])('%s falls in %s, which ends at %s', (at, name, end) => {
    const w = partitionWindowAt(new Date(at))
    expect([w.name, w.end.toISOString()]).toEqual([name, end])
    expect(isPartitionName(w.name)).toBe(true)
  })
  it('covers a span with adjacent windows, orders a window 30 minutes after it closes, drops it 72 hours after', () => {
    const windows = partitionWindowsBetween(new Date('2026-11-25T05:00:00Z'), new Date('2026-11-25T12:00:01Z'))
    expect(windows.map((w) => w.name)).toEqual([
      'sightings_20261125h00',
      'sightings_20261125h06',
      'sightings_20261125h12',
    ])
    const end = windows[0]!.end
    expect([
      isReadyToOrder(end, new Date(end.getTime() + 29 * 60_000)),
      isReadyToOrder(end, new Date(end.getTime() + 30 * 60_000)),
    ]).toEqual([false, true])
    expect([
      isPastRetention(end, new Date(end.getTime() + 71 * HOUR)),
      isPastRetention(end, new Date(end.getTime() + 72 * HOUR)),
    ]).toEqual([false, true])
    expect(isPartitionName('sightings; drop table users')).toBe(false)
  })
})

describe.each(testDatabases())('sighting partitions and layout on $name', (testDb) => {
  let dispose: (() => Promise<void>) | undefined
  afterEach(async () => dispose?.())

  it('stores sightings by capture window, orders and vacuums closed windows by (species, cell, time), drops expired ones, and matching reads them all', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const { db } = database
    const early = new Date(NOW.getTime() - 6 * HOUR)
    const first = await maintainSightingLayout(db, early)
    expect(first.created).toContain(partitionWindowAt(early).name)
    expect(first.created).toContain(partitionWindowAt(new Date(early.getTime() + 24 * HOUR)).name)

    const cameras = [
      await cameraIn(db, NEAR_CELLS[0]!),
      await cameraIn(db, NEAR_CELLS[1]!),
      await cameraIn(db, toCoarseCell({ lat: 52, lng: 0 })),
    ]
    const target = unitVector()
    // Arrival order: time order, cameras and species interleaved, as agents send them.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const capturedAt = new Date(NOW.getTime() - 5 * HOUR + i * 5 * 60_000)
      return {
        camera_id: cameras[i % 3]!,
        client_id: `c${i}`,
        species: i % 2 ? ('dog' as const) : ('cat' as const),
        cell: i % 3 === 2 ? toCoarseCell({ lat: 52, lng: 0 }) : NEAR_CELLS[i % 3]!,
        captured_at: capturedAt,
        score: 0.9,
        model_id: DEFAULT_EMBEDDING_MODEL_ID,
        embedding: toVectorLiteral(i % 4 === 0 ? target : unitVector()),
        snapshot_ref: `s${i}`,
        expires_at: new Date(capturedAt.getTime() + 72 * HOUR),
      }
    })
    expect(await insertNewSightings(db, rows)).toHaveLength(60)
    expect(await insertNewSightings(db, rows.slice(0, 5))).toHaveLength(0)
    const query = {
      species: 'cat' as const,
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      cells: NEAR_CELLS,
      capturedSince: new Date(NOW.getTime() - 6 * HOUR),
      now: NOW,
      embeddings: [toVectorLiteral(target)],
      maxDistance: 0.5,
      limit: 100,
    }
    const before = await findCandidateSightings(db, query)
    expect(before.length).toBeGreaterThan(0)

    const windowOfNow = partitionWindowAt(NOW).name
    const closedWindow = partitionWindowAt(new Date(NOW.getTime() - 5 * HOUR)).name
    const { rows: placed } = await sql<{
      partition: string
      n: string
    }>`select tableoid::regclass::text as partition, count(*) as n from sightings group by 1`.execute(db)
    expect(placed.map((p) => p.partition).sort()).toEqual([closedWindow, windowOfNow].sort())

    // One hour after the earlier window closed, the layout job orders it; the open window stays as it is.
    const later = new Date(partitionWindowAt(NOW).start.getTime() + HOUR)
    const run = await maintainSightingLayout(db, later)
    expect(run.ordered.map((o) => o.name)).toEqual([closedWindow])
    const sortKey = (r: { species: string; cell: string; captured_at: Date }) =>
      `${r.species}|${r.cell}|${r.captured_at.toISOString()}`
    const ordered = (await physicalOrder(db, closedWindow)).map(sortKey)
    expect(ordered).toEqual([...ordered].sort())
    // Vacuumed after the rewrite: every page all-visible, so index-only scans of the candidate index skip its heap.
    const {
      rows: [pages],
    } = await sql<{
      relpages: number
      relallvisible: number
    }>`select relpages, relallvisible from pg_class where relname = ${closedWindow}`.execute(db)
    expect(pages!.relpages).toBeGreaterThan(0)
    expect(pages!.relallvisible).toBe(pages!.relpages)
    expect((await maintainSightingLayout(db, later)).ordered).toEqual([])
    expect(await findCandidateSightings(db, { ...query, now: later })).toEqual(before)

    // Once every sighting of a window is past the longest retention, the window's partition goes whole.
    const gone = await maintainSightingLayout(db, new Date(partitionWindowAt(NOW).end.getTime() + 72 * HOUR))
    expect(gone.dropped).toEqual(expect.arrayContaining([closedWindow, windowOfNow]))
    expect(await db.selectFrom('sightings').select('id').execute()).toEqual([])
  })

  it('keeps sightings with no window yet in the default partition, and leaves that window to them', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const { db } = database
    const camera = await cameraIn(db, NEAR_CELLS[0]!)
    const capturedAt = new Date(NOW.getTime() - HOUR)
    const row = {
      camera_id: camera,
      client_id: 'early',
      species: 'dog' as const,
      cell: NEAR_CELLS[0]!,
      captured_at: capturedAt,
      score: 0.9,
      model_id: DEFAULT_EMBEDDING_MODEL_ID,
      embedding: toVectorLiteral(unitVector()),
      snapshot_ref: 's',
      expires_at: new Date(capturedAt.getTime() + 72 * HOUR),
    }
    expect(await insertNewSightings(db, [row])).toHaveLength(1)
    const run = await maintainSightingLayout(db, NOW)
    expect(run.created).not.toContain(partitionWindowAt(NOW).name)
    expect(run.created).toContain(partitionWindowAt(new Date(NOW.getTime() + 6 * HOUR)).name)
    const { rows } = await sql<{
      partition: string
    }>`select tableoid::regclass::text as partition from sightings`.execute(db)
    expect(rows).toEqual([{ partition: 'sightings_default' }])
  })
})
