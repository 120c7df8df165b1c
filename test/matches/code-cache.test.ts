import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { revokeConsent } from '../../src/cameras/camera.service.ts'
import type { Database } from '../../src/db/database.ts'
import { toCoarseCell } from '../../src/geo/cells.ts'
import { countCandidatesByCellHour, type CandidateFilter } from '../../src/matches/match.repository.ts'
import { maxDistanceFor, signCodeBound } from '../../src/matches/match.rules.ts'
import { findCandidates, withCachedNear } from '../../src/matches/match.service.ts'
import { SightingCodeCache } from '../../src/matches/sighting-code-cache.ts'
import { listSightingCodes } from '../../src/matches/sighting-code.repository.ts'
import { signCodeOf } from '../../src/matches/sign-code.ts'
import { insertNewSightings } from '../../src/sightings/sighting.repository.ts'
import { toVectorLiteral } from '../../src/db/vector.ts'
import { seededRandom } from '../../scripts/lib/data.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { atSimilarity, randomDirection } from '../support/vectors.ts'

const NOW = new Date()
const MODEL = DEFAULT_EMBEDDING_MODEL_ID
const THRESHOLD = 0.5018
const CELLS = [toCoarseCell(CAMERA_POINT), toCoarseCell({ lat: CAMERA_POINT.lat + 0.02, lng: CAMERA_POINT.lng })]

async function camerasIn(db: Kysely<Database>, cells: readonly string[]) {
  await db
    .insertInto('users')
    .values({ id: 'owner', name: 'Owner', email: 'owner@example.com', image: null })
    .onConflict((oc) => oc.doNothing())
    .execute()
  const rows = await db
    .insertInto('cameras')
    .values(
      cells.map((cell) => ({
        owner_id: 'owner',
        name: 'Yard',
        cell,
        consent_version: '1',
        consent_given_at: NOW,
        consent_expires_at: new Date(NOW.getTime() + 86_400_000),
        consent_revoked_at: null,
      })),
    )
    .returning('id')
    .execute()
  return rows.map((row) => row.id)
}

/** Sightings near one of two search photos, from under to well over the threshold, and unrelated ones; some of the other species. */
function sightingsNear(
  photos: number[][],
  cameras: readonly string[],
  random: () => number,
  count: number,
  prefix: string,
) {
  return Array.from({ length: count }, (_, i) => {
    const similarity = i % 3 === 2 ? Number.NaN : 0.4 + 0.35 * random()
    const near =
      Number.isNaN(similarity) || Math.abs(similarity - THRESHOLD) < 0.002
        ? randomDirection(512, random)
        : atSimilarity(photos[i % 2]!, similarity, 0, randomDirection(512, random))
    return {
      camera_id: cameras[i % cameras.length]!,
      client_id: `${prefix}${i}`,
      species: i % 5 === 4 ? ('cat' as const) : ('dog' as const),
      cell: CELLS[i % cameras.length]!,
      captured_at: new Date(NOW.getTime() - (1 + Math.floor(random() * 70)) * 3_600_000),
      score: 0.9,
      model_id: MODEL,
      snapshot_ref: `${prefix}${i}`,
      expires_at: new Date(NOW.getTime() + 3_600_000),
      embedding: toVectorLiteral(near),
    }
  })
}

describe.each(testDatabases())('the sighting code cache on $name', (testDb) => {
  let dispose: (() => Promise<void>) | undefined
  afterEach(async () => dispose?.())

  async function setUp() {
    const database = await testDb.open()
    dispose = database.dispose
    const cameras = await camerasIn(database.db, CELLS)
    const random = seededRandom(31)
    const photos = [randomDirection(512, random), randomDirection(512, random)]
    const filter: CandidateFilter = {
      species: 'dog',
      modelId: MODEL,
      cells: CELLS,
      capturedSince: new Date(NOW.getTime() - 48 * 3_600_000),
      now: NOW,
      embeddings: photos.map((photo) => toVectorLiteral(photo)),
      maxDistance: maxDistanceFor(THRESHOLD),
      codeBound: signCodeBound(512, THRESHOLD),
    }
    const cache = new SightingCodeCache(database.db, { modelId: MODEL, now: () => NOW })
    return { db: database.db, cameras, random, photos, filter, cache }
  }

  it('reads codes back bit for bit as signCodeOf computes them from the embedding', async () => {
    const { db, cameras, random, photos } = await setUp()
    const rows = sightingsNear(photos, cameras, random, 60, 'b')
    rows[0]!.embedding = toVectorLiteral(
      Array.from({ length: 512 }, (_, i) => [2 ** -25, 2 ** -24, -(2 ** -24), 0.25][i % 4]!),
    )
    await insertNewSightings(db, rows)
    const read = await listSightingCodes(db, { modelId: MODEL, dimension: 512, afterId: 0, limit: 100, now: NOW })
    expect(read).toHaveLength(60)
    const byClient = new Map(rows.map((r) => [r.snapshot_ref, r.embedding]))
    const stored = await db.selectFrom('sightings').select(['id', 'client_id']).execute()
    const clientOf = new Map(stored.map((s) => [String(s.id), s.client_id]))
    for (const r of read)
      expect(Uint32Array.from(r.code)).toEqual(
        signCodeOf(JSON.parse(byClient.get(clientOf.get(String(r.id))!)!) as number[]),
      )
  })

  it('finds exactly what the database alone finds, for sightings a refresh loaded and for those stored since', async () => {
    const { db, cameras, random, photos, filter, cache } = await setUp()
    await insertNewSightings(db, sightingsNear(photos, cameras, random, 450, 'a'))
    await cache.refresh()
    expect(cache.ready).toBe(true)
    await insertNewSightings(db, sightingsNear(photos, cameras, random, 300, 'b')) // after the watermark: read from the table
    const cached = await withCachedNear({ codeCache: cache }, filter)
    expect(cached.near).toBeDefined()
    const fromCache = await findCandidates({ db, codeCache: cache }, filter)
    const fromDatabase = await findCandidates({ db }, filter)
    expect(fromDatabase.length).toBeGreaterThan(80)
    expect(fromDatabase.some((c) => c.snapshot_ref.startsWith('b'))).toBe(true)
    expect(fromCache).toEqual(fromDatabase)
    expect(await countCandidatesByCellHour(db, cached)).toEqual(await countCandidatesByCellHour(db, filter))
    // Loaded on the next refresh, the same answer comes from memory alone.
    await cache.refresh()
    expect(cache.index.size).toBe(750)
    expect(await findCandidates({ db, codeCache: cache }, filter)).toEqual(fromDatabase)
  })

  it('forgets the sightings of a camera whose consent is revoked at the next refresh', async () => {
    const { db, cameras, random, photos, filter, cache } = await setUp()
    await insertNewSightings(db, sightingsNear(photos, cameras, random, 200, 'a'))
    await cache.refresh()
    expect(cache.index.cameraIds().sort()).toEqual([...cameras].sort())
    await revokeConsent({ db, now: () => NOW }, 'owner', cameras[0]!)
    await cache.refresh()
    expect(cache.index.cameraIds()).toEqual([cameras[1]])
    expect(cache.index.size).toBe(100)
    const found = await findCandidates({ db, codeCache: cache }, filter)
    expect(found.length).toBeGreaterThan(10)
    expect(found.every((c) => c.camera_id === cameras[1])).toBe(true)
  })

  // PGlite has one connection: no write can be in flight while a refresh runs.
  it.skipIf(testDb.name === 'pglite')(
    'never misses a sighting whose id was drawn before a refresh but committed after it',
    async () => {
      const { db, cameras, photos, filter, cache } = await setUp()
      await cache.refresh()
      const matching = (clientId: string) => ({
        ...sightingsNear(photos, cameras, seededRandom(5), 1, clientId)[0]!,
        embedding: toVectorLiteral(photos[0]!),
        client_id: clientId,
        snapshot_ref: clientId,
      })
      let commit!: () => void
      let drawn!: () => void
      const idDrawn = new Promise<void>((resolve) => (drawn = resolve))
      const writing = db.transaction().execute(async (trx) => {
        await insertNewSightings(trx, [matching('early')])
        drawn()
        await new Promise<void>((resolve) => (commit = resolve))
      })
      await idDrawn
      await insertNewSightings(db, [matching('later')]) // a higher id, committed first
      await cache.refresh() // cannot take the watermark while 'early' is being written
      commit()
      await writing
      expect((await findCandidates({ db, codeCache: cache }, filter)).map((c) => c.snapshot_ref).sort()).toEqual([
        'early',
        'later',
      ])
      await cache.refresh()
      expect(cache.index.size).toBe(2)
      expect((await findCandidates({ db, codeCache: cache }, filter)).map((c) => c.snapshot_ref).sort()).toEqual([
        'early',
        'later',
      ])
    },
  )
})
