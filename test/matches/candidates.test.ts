import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import type { Database } from '../../src/db/database.ts'
import { toCoarseCell } from '../../src/geo/cells.ts'
import { findCandidateSightings } from '../../src/matches/match.repository.ts'
import { maxDistanceFor, signCodeBound } from '../../src/matches/match.rules.ts'
import { insertNewSightings } from '../../src/sightings/sighting.repository.ts'
import { toVectorLiteral } from '../../src/db/vector.ts'
import { CAMERA_POINT, unitVector } from '../support/cameras.ts'
import { atSimilarity, randomDirection } from '../support/vectors.ts'
import { testDatabases } from '../support/databases.ts'
import { seededRandom } from '../../scripts/lib/data.ts'

const NOW = new Date()
const CELL = toCoarseCell(CAMERA_POINT)

async function cameraIn(db: Kysely<Database>, cell: string) {
  await db.insertInto('users').values({ id: 'owner', name: 'Owner', email: 'owner@example.com', image: null }).execute()
  const camera = await db
    .insertInto('cameras')
    .values({
      owner_id: 'owner',
      name: 'Yard',
      cell,
      consent_version: '1',
      consent_given_at: NOW,
      consent_expires_at: new Date(NOW.getTime() + 86_400_000),
      consent_revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return camera.id
}

describe.each(testDatabases())('candidate scores in half precision on $name', (testDb) => {
  let dispose: (() => Promise<void>) | undefined
  afterEach(async () => dispose?.())

  it('scores halfvec embeddings within 1e-3 of float64 cosine, and cuts at the threshold where float64 would', async () => {
    const database = await testDb.open()
    dispose = database.dispose
    const camera = await cameraIn(database.db, CELL)
    const query = unitVector(512, 4242)
    const wanted = [0.99, 0.9, 0.7, 0.52, 0.505, 0.498, 0.49, 0.3, 0, -0.4]
    const rows = wanted.map((similarity, i) => ({
      camera_id: camera,
      client_id: `s${i}`,
      species: 'dog' as const,
      cell: CELL,
      captured_at: new Date(NOW.getTime() - 60_000),
      score: 0.9,
      model_id: DEFAULT_EMBEDDING_MODEL_ID,
      embedding: toVectorLiteral(atSimilarity(query, similarity, 100 + i)),
      snapshot_ref: String(similarity),
      expires_at: new Date(NOW.getTime() + 3_600_000),
    }))
    await insertNewSightings(database.db, rows)
    const search = {
      species: 'dog' as const,
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      cells: [CELL],
      capturedSince: new Date(NOW.getTime() - 3_600_000),
      now: NOW,
      embeddings: [toVectorLiteral(query)],
      limit: 50,
    }
    const all = await findCandidateSightings(database.db, { ...search, maxDistance: 2 })
    for (const c of all) expect(Math.abs(1 - c.distance - Number(c.snapshot_ref))).toBeLessThan(1e-3)
    const above = await findCandidateSightings(database.db, { ...search, maxDistance: 1 - 0.5 })
    expect(above.map((c) => Number(c.snapshot_ref))).toEqual([0.99, 0.9, 0.7, 0.52, 0.505])
  })

  it.each([
    ['with the sign-bit prefilter', signCodeBound(512, 0.5018)],
    ['scoring every candidate', undefined],
  ])('finds exactly the sightings at or above the threshold, %s', async (_, codeBound) => {
    const database = await testDb.open()
    dispose = database.dispose
    const camera = await cameraIn(database.db, CELL)
    const random = seededRandom(77)
    // A search with two photos: each placed sighting is near one of them (and unrelated to the other).
    const photos = [randomDirection(512, random), randomDirection(512, random)]
    const threshold = 0.5018
    // 400 sightings from just under to well over the threshold, plus 200 unrelated ones; none within
    // 0.002 of it, where half precision may round either way.
    const similarities = [
      ...Array.from({ length: 400 }, () => 0.4 + 0.35 * random()).filter((s) => Math.abs(s - threshold) > 0.002),
      ...Array.from({ length: 200 }, () => Number.NaN),
    ]
    const rows = similarities.map((similarity, i) => ({
      camera_id: camera,
      client_id: `r${i}`,
      species: 'dog' as const,
      cell: CELL,
      captured_at: new Date(NOW.getTime() - 60_000),
      score: 0.9,
      model_id: DEFAULT_EMBEDDING_MODEL_ID,
      snapshot_ref: `r${i}`,
      expires_at: new Date(NOW.getTime() + 3_600_000),
      embedding: toVectorLiteral(
        Number.isNaN(similarity)
          ? randomDirection(512, random)
          : atSimilarity(photos[i % 2]!, similarity, 0, randomDirection(512, random)),
      ),
    }))
    await insertNewSightings(database.db, rows)
    const expected = similarities.flatMap((s, i) => (s >= threshold ? [`r${i}`] : [])).sort()
    expect(expected.length).toBeGreaterThan(150)
    const found = await findCandidateSightings(database.db, {
      species: 'dog',
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      cells: [CELL],
      capturedSince: new Date(NOW.getTime() - 3_600_000),
      now: NOW,
      embeddings: photos.map((photo) => toVectorLiteral(photo)),
      maxDistance: maxDistanceFor(threshold),
      codeBound,
      limit: 1000,
    })
    expect(found.map((c) => c.snapshot_ref).sort()).toEqual(expected)
  })
})
