import type { Insertable, Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { findEmbeddingModel } from '../../models/registry.ts'
import { cameraForDevice, recordCameraActivity } from '../cameras/camera.service.ts'
import type { SightingInput } from '../contracts/device-wire.ts'
import { quantizeEmbedding } from '../contracts/sighting-format.ts'
export type { SightingInput } from '../contracts/device-wire.ts'
import type { Database } from '../db/database.ts'
import { toVectorLiteral } from '../db/vector.ts'
import type { MatchQueue } from '../matches/match.queue.ts'
import { AppError } from '../errors.ts'
import { insertNewSightings } from './sighting.repository.ts'
import type { SightingTable } from './sighting.table.ts'
import { checkCapturedAt, sightingExpiry } from './sighting.rules.ts'

export interface SightingDeps {
  readonly db: Kysely<Database>
  readonly matchQueue: MatchQueue
  readonly now: Clock
}

/**
 * Stores a device's batch. Every sighting is checked first — known model, matching dimension, sane
 * time — so one bad sighting refuses the whole batch and nothing is written.
 */
export async function ingestSightings(deps: SightingDeps, cameraId: string, batch: readonly SightingInput[]) {
  const camera = await cameraForDevice(deps, cameraId)
  const now = deps.now()
  const rows: Insertable<SightingTable>[] = []
  let expired = 0
  for (const [index, s] of batch.entries()) {
    const model = findEmbeddingModel(s.modelId)
    if (!model) throw new AppError('UNPROCESSABLE', `sightings.${index}.modelId: unknown embedding model ${s.modelId}`)
    if (s.embedding.length !== model.dimension)
      throw new AppError(
        'UNPROCESSABLE',
        `sightings.${index}.embedding: ${model.id} embeddings have ${model.dimension} dimensions, got ${s.embedding.length}`,
      )
    if (s.embedding.every((x) => x === 0))
      throw new AppError('UNPROCESSABLE', `sightings.${index}.embedding: is all zeros`)
    const capturedAt = new Date(s.capturedAt)
    const check = checkCapturedAt(capturedAt, now, camera.retention_hours)
    if (check === 'in-future') throw new AppError('UNPROCESSABLE', `sightings.${index}.capturedAt: is in the future`)
    if (check === 'expired') {
      expired++
      continue
    }
    rows.push({
      camera_id: camera.id,
      client_id: s.clientId,
      species: s.species,
      cell: camera.cell,
      captured_at: capturedAt,
      score: s.score,
      model_id: model.id,
      // Every device's embeddings come in here (HTTP batches; the agent's Frigate/MQTT and folder sources post them):
      // rounded to the grid, so bits packed below it never reach the database or matching (issue #20).
      embedding: toVectorLiteral(quantizeEmbedding(s.embedding)),
      snapshot_ref: s.snapshotRef,
      expires_at: sightingExpiry(capturedAt, camera.retention_hours),
    })
  }
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const ids = await insertNewSightings(trx, rows)
    if (ids.length) await recordCameraActivity(trx, camera.id, now)
    const wakeMatcher = ids.length
      ? await deps.matchQueue.sightingsArrived(trx, { cameraId: camera.id, sightingIds: ids })
      : undefined
    return { ids, wakeMatcher }
  })
  inserted.wakeMatcher?.() // committed: the match job is visible now
  return { accepted: inserted.ids.length, duplicates: rows.length - inserted.ids.length, expired }
}
