import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { appendAuditEntry } from '../audit/audit.service.ts'
import type { Database } from '../db/database.ts'
import { AppError, notFound } from '../errors.ts'
import { isCoarseCell, toCoarseCell, type LatLng } from '../geo/cells.ts'
import {
  deletePreviewsOfCamera,
  deleteSightingsOfCamera,
  shortenSightingRetention,
  withdrawPendingAlerts,
} from './camera-data.repository.ts'
import * as repo from './camera.repository.ts'
import {
  activityDayOf,
  cameraLimitReached,
  consentExpiry,
  consentStatus,
  hashSecret,
  newDeviceToken,
  newPairingCode,
  normalisePairingCode,
  PAIRING_CODE_TTL_MS,
} from './camera.rules.ts'
import type { Camera } from './camera.table.ts'
import { recordCheckIn } from './camera-status.repository.ts'
import { checkInChanged, coarseCheckIn } from './check-in.rules.ts'
import { CAMERA_CONSENT_VERSION } from './consent.ts'

export interface CameraDeps {
  readonly db: Kysely<Database>
  readonly now: Clock
}

export interface RegisterCameraInput {
  readonly name: string
  /** Either an exact point, turned into a cell here and then forgotten, or a cell the client computed. */
  readonly location?: LatLng | undefined
  readonly cell?: string | undefined
  readonly consentVersion: string
  readonly retentionHours?: number | undefined
}

const clock = (deps: CameraDeps) => deps.now()

function assertCurrentConsentVersion(version: string) {
  if (version !== CAMERA_CONSENT_VERSION)
    throw new AppError(
      'CONFLICT',
      `Consent text version ${version} is not the current one (${CAMERA_CONSENT_VERSION}); read it again`,
    )
}

const consentAudit = (camera: Camera, action: string, details: Record<string, unknown>) => ({
  actorType: 'user' as const,
  actorId: camera.owner_id,
  action,
  subjectType: 'camera',
  subjectId: camera.id,
  subjectOwnerId: camera.owner_id,
  details,
})

export async function registerCamera(deps: CameraDeps, ownerId: string, input: RegisterCameraInput): Promise<Camera> {
  assertCurrentConsentVersion(input.consentVersion)
  const cell = input.location ? toCoarseCell(input.location) : input.cell
  if (!cell || !isCoarseCell(cell)) throw new AppError('INVALID_INPUT', 'cell: is not an H3 cell of resolution 8')
  const now = clock(deps)
  await assertCameraAllowed(deps.db, ownerId, cell)
  return deps.db.transaction().execute(async (trx) => {
    const camera = await repo.insertCamera(trx, {
      owner_id: ownerId,
      name: input.name,
      cell,
      retention_hours: input.retentionHours ?? 72,
      consent_version: input.consentVersion,
      consent_given_at: now,
      consent_expires_at: consentExpiry(now),
    })
    await appendAuditEntry(trx, consentAudit(camera, 'camera.consent.given', { version: input.consentVersion }))
    return camera
  })
}

async function assertCameraAllowed(db: Kysely<Database>, ownerId: string, cell: string) {
  const refused = cameraLimitReached(await repo.countLiveCamerasOf(db, ownerId, cell))
  if (refused) throw new AppError('CONFLICT', refused)
}

/** A batch of the camera's sightings arrived: one more day of proven activity, at most once a day. */
export function recordCameraActivity(db: Kysely<Database>, cameraId: string, now: Date) {
  return repo.recordCameraActivityDay(db, cameraId, activityDayOf(now))
}

export async function getOwnCamera(deps: CameraDeps, ownerId: string, id: string): Promise<Camera> {
  const camera = await repo.findOwnCamera(deps.db, id, ownerId)
  if (!camera) throw notFound('Camera')
  return camera
}

export function listOwnCameras(deps: CameraDeps, ownerId: string) {
  return repo.listOwnCameras(deps.db, ownerId)
}

export async function updateCamera(
  deps: CameraDeps,
  ownerId: string,
  id: string,
  update: { name?: string | undefined; retentionHours?: number | undefined },
) {
  const camera = await getOwnCamera(deps, ownerId, id)
  return deps.db.transaction().execute(async (trx) => {
    const updated = await repo.updateCamera(
      trx,
      camera.id,
      {
        ...(update.name !== undefined && { name: update.name }),
        ...(update.retentionHours !== undefined && { retention_hours: update.retentionHours }),
      },
      clock(deps),
    )
    if (update.retentionHours !== undefined && update.retentionHours !== camera.retention_hours) {
      await shortenSightingRetention(trx, camera.id, update.retentionHours)
      await appendAuditEntry(
        trx,
        consentAudit(camera, 'camera.retention.changed', {
          from: camera.retention_hours,
          to: update.retentionHours,
        }),
      )
    }
    return updated
  })
}

/** Gives consent again (after a revoke, an expiry or a new text) or renews it for another 12 months. */
export async function giveConsent(deps: CameraDeps, ownerId: string, id: string, version: string) {
  assertCurrentConsentVersion(version)
  const camera = await getOwnCamera(deps, ownerId, id)
  const now = clock(deps)
  const renewing = consentStatus(camera, now) === 'active'
  // A revoked camera does not count towards the limits, so bringing it back must fit them again.
  if (camera.consent_revoked_at) await assertCameraAllowed(deps.db, ownerId, camera.cell)
  return deps.db.transaction().execute(async (trx) => {
    const updated = await repo.updateCamera(
      trx,
      camera.id,
      {
        consent_version: version,
        consent_given_at: now,
        consent_expires_at: consentExpiry(now),
        consent_revoked_at: null,
      },
      now,
    )
    await appendAuditEntry(
      trx,
      consentAudit(camera, renewing ? 'camera.consent.renewed' : 'camera.consent.given', { version }),
    )
    return updated
  })
}

/**
 * Revokes consent: in one transaction the camera's sightings (and their embeddings) are deleted, its
 * device tokens and pairing codes stop working, its pending alerts are withdrawn, and the audit log
 * records how many were deleted.
 */
export async function revokeConsent(deps: CameraDeps, ownerId: string, id: string) {
  const camera = await getOwnCamera(deps, ownerId, id)
  const now = clock(deps)
  return deps.db.transaction().execute(async (trx) => {
    const deletedSightings = await deleteSightingsOfCamera(trx, camera.id)
    const revokedTokens = await repo.revokeDeviceTokens(trx, camera.id, now)
    await repo.deletePairingCodes(trx, camera.id)
    const withdrawnAlerts = await withdrawPendingAlerts(trx, camera.id, now)
    await deletePreviewsOfCamera(trx, camera.id) // the camera owner's private previews go with the consent
    const updated = await repo.updateCamera(trx, camera.id, { consent_revoked_at: now }, now)
    await appendAuditEntry(
      trx,
      consentAudit(camera, 'camera.consent.revoked', { deletedSightings, revokedTokens, withdrawnAlerts }),
    )
    return { camera: updated, deletedSightings, revokedTokens, withdrawnAlerts }
  })
}

export async function issuePairingCode(deps: CameraDeps, ownerId: string, id: string) {
  const camera = await getOwnCamera(deps, ownerId, id)
  const now = clock(deps)
  if (consentStatus(camera, now) !== 'active')
    throw new AppError('CONSENT_REQUIRED', 'Give consent for this camera before pairing it')
  const code = newPairingCode()
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS)
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertPairingCode(trx, camera.id, await hashSecret(normalisePairingCode(code)), expiresAt)
    await appendAuditEntry(
      trx,
      consentAudit(camera, 'camera.pairing.code_issued', { expiresAt: expiresAt.toISOString() }),
    )
  })
  return { code, expiresAt }
}

/** The agent's side of pairing: a one-time code becomes a device token, shown once and stored hashed. */
export async function pairDevice(deps: CameraDeps, code: string) {
  const now = clock(deps)
  return deps.db.transaction().execute(async (trx) => {
    const used = await repo.consumePairingCode(trx, await hashSecret(normalisePairingCode(code)), now)
    if (!used) throw new AppError('NOT_FOUND', 'Pairing code is unknown, already used or expired')
    const camera = await repo.findCamera(trx, used.camera_id)
    if (!camera || consentStatus(camera, now) !== 'active')
      throw new AppError('CONSENT_REQUIRED', 'Consent for this camera is not active')
    const token = newDeviceToken()
    const { id: tokenId } = await repo.insertDeviceToken(trx, camera.id, await hashSecret(token))
    await appendAuditEntry(trx, {
      actorType: 'device',
      actorId: tokenId,
      action: 'camera.device.paired',
      subjectType: 'camera',
      subjectId: camera.id,
      subjectOwnerId: camera.owner_id,
    })
    return { token, cameraId: camera.id, retentionHours: camera.retention_hours }
  })
}

export async function authenticateDevice(deps: CameraDeps, token: string) {
  const found = await repo.findActiveDeviceToken(deps.db, await hashSecret(token))
  if (!found) throw new AppError('UNAUTHENTICATED', 'Device token is unknown or revoked')
  // Written only when the coarse value moves on: at most one write per camera every 5 minutes.
  const now = clock(deps)
  if (checkInChanged(found.last_check_in_at, now)) await recordCheckIn(deps.db, found.camera_id, coarseCheckIn(now))
  return { tokenId: found.id, cameraId: found.camera_id }
}

/** The camera as its paired device sees it; refuses when consent is not active. */
export async function cameraForDevice(deps: CameraDeps, cameraId: string) {
  const camera = await repo.findCamera(deps.db, cameraId)
  if (!camera) throw new AppError('UNAUTHENTICATED', 'Device token is unknown or revoked')
  const status = consentStatus(camera, clock(deps))
  if (status !== 'active')
    throw new AppError(
      'CONSENT_REQUIRED',
      `Consent for this camera is ${status === 'none' ? 'missing' : status}; the agent must stop sending`,
    )
  return camera
}
