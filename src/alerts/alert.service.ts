import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import type { AlertEvents } from './alert.events.ts'
import { appendAuditEntry } from '../audit/audit.service.ts'
import { getOwnCamera } from '../cameras/camera.service.ts'
import { AppError, notFound } from '../errors.ts'
import { describeCoarseArea } from '../geo/cells.ts'
import { toAlertSightingViews } from './alert.rules.ts'
import * as repo from './alert.repository.ts'
import type { AlertStatus } from './alert.table.ts'
import type { AbuseLimits } from '../http/abuse-limits.ts'
import type { ShareRequestSignal } from './share-request.signal.ts'

export interface AlertDeps {
  readonly db: Kysely<Database>
  readonly alertEvents: AlertEvents
  readonly now: Clock
  readonly limits?: Partial<AbuseLimits> | undefined
  /** Wakes the camera's waiting long-poll once a share request is committed. */
  readonly shareRequests?: ShareRequestSignal | undefined
}

export async function listOwnAlerts(deps: AlertDeps, ownerId: string, status?: AlertStatus) {
  const rows = await repo.listAlertsForOwner(deps.db, ownerId, status)
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    camera: { id: row.camera_id, name: row.camera_name },
    pet: {
      searchId: row.search_id,
      name: row.pet_name,
      species: row.pet_species,
      photoUrl: row.photo_id ? `/api/lost-pets/${row.search_id}/photos/${row.photo_id}` : null,
      searchStatus: row.search_status,
    },
    bestSimilarity: row.best_similarity,
    sightings: toAlertSightingViews(row.sightings),
    shareRequestedAt: row.share_requested_at?.toISOString() ?? null,
    shareReady: row.share_ready,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }))
}

/** The camera owner's "not my business / not that pet": the alert stays answered for its 6-hour window. */
export async function dismissAlert(deps: AlertDeps, ownerId: string, id: string) {
  const now = deps.now()
  const answered = await repo.answerAlert(deps.db, id, ownerId, 'dismissed', now)
  if (answered) return
  const existing = await repo.findOwnAlertStatus(deps.db, id, ownerId)
  if (!existing) throw notFound('Alert')
  throw new AppError('CONFLICT', `The alert is already ${existing.status}`)
}

/**
 * The camera owner's decision to share, made on the web: the alert is marked, and their agent (which
 * alone holds the snapshot) seals and uploads it on its next poll. A consent act, so it is audited.
 */
export async function requestAlertShare(deps: AlertDeps, ownerId: string, id: string) {
  const now = deps.now()
  const marked = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.markShareRequested(trx, id, ownerId, now)
    if (row)
      await appendAuditEntry(trx, {
        actorType: 'user',
        actorId: ownerId,
        action: 'alert.share.requested',
        subjectType: 'alert',
        subjectId: row.id,
        subjectOwnerId: ownerId,
      })
    return row
  })
  if (marked) {
    deps.shareRequests?.notify(marked.camera_id) // committed: the agent's long-poll can read it now
    return { shareRequestedAt: new Date(marked.share_requested_at!).toISOString() }
  }
  const existing = await repo.findOwnAlertStatus(deps.db, id, ownerId)
  if (!existing) throw notFound('Alert')
  throw new AppError('CONFLICT', `The alert is already ${existing.status}`)
}

/** Transparency for a camera owner: which searches touched this camera — never who made them. */
export async function listSearchesTouchingCamera(deps: AlertDeps, ownerId: string, cameraId: string) {
  const camera = await getOwnCamera(deps, ownerId, cameraId)
  const rows = await repo.listSearchesTouchingCamera(deps.db, camera.id, ownerId)
  return rows.map((row) => ({
    at: row.created_at.toISOString(),
    species: row.species,
    area: describeCoarseArea(row.last_seen_cell),
    alertStatus: row.status,
  }))
}
