import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { AlertEvents } from '../alerts/alert.events.ts'
import { appendAuditEntry } from '../audit/audit.service.ts'
import { cameraForDevice } from '../cameras/camera.service.ts'
import type { Database } from '../db/database.ts'
import { AppError, invalidInput, notFound } from '../errors.ts'
import {
  decodeBase64Url,
  SHARE_SUITE,
  shareKeyFingerprint,
  X25519_PUBLIC_KEY_BYTES,
} from '../sealing/sealed-box.rules.ts'
import { toBase64Url } from '../web-crypto.ts'
import * as repo from './preview.repository.ts'
import { checkSealedPreview, PREVIEW_MAX_BYTES, wantsPreview } from './preview.rules.ts'

export interface PreviewDeps {
  readonly db: Kysely<Database>
  readonly now: Clock
  /** Tells the camera owner's open alerts page that a preview arrived, so it opens it at once. */
  readonly alertEvents?: Pick<AlertEvents, 'publish'>
}

const keyView = async (publicKey: string) => ({
  publicKey,
  fingerprint: await shareKeyFingerprint(publicKey),
  suite: SHARE_SUITE,
})

export async function getPreviewKey(deps: PreviewDeps, userId: string) {
  const row = await repo.findPreviewKey(deps.db, userId)
  return { key: row ? { ...(await keyView(row.public_key)), updatedAt: row.updated_at.toISOString() } : null }
}

/**
 * The camera owner's browser registers the public half of its preview key; the private half never leaves it.
 * A consent-like change: audited with fingerprints, and previews sealed to a replaced key are deleted
 * (nobody can open them any more), so the agent seals new ones to the new key.
 */
export async function setPreviewKey(deps: PreviewDeps, userId: string, publicKey: string) {
  const key = decodeBase64Url(publicKey)
  if (!key || key.byteLength !== X25519_PUBLIC_KEY_BYTES)
    throw invalidInput('publicKey: must be a base64url X25519 public key (32 bytes)')
  const view = await keyView(publicKey)
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockPreviewKey(trx, userId)
    if (current?.public_key === publicKey) return
    await repo.upsertPreviewKey(trx, userId, publicKey, now)
    const deletedPreviews = await repo.deletePreviewsNotSealedTo(trx, userId, view.fingerprint)
    await appendAuditEntry(trx, {
      actorType: 'user',
      actorId: userId,
      action: current ? 'account.preview_key.changed' : 'account.preview_key.set',
      subjectType: 'user',
      subjectId: userId,
      subjectOwnerId: userId,
      details: {
        fingerprint: view.fingerprint,
        ...(current && { previousFingerprint: await shareKeyFingerprint(current.public_key), deletedPreviews }),
      },
    })
  })
  return view
}

/** Which of a camera's pending alerts its agent should seal a preview for, and to which key (for GET /api/devices/alerts). */
export async function previewKeysForDevice(
  db: Kysely<Database>,
  cameraId: string,
  pendingAlerts: readonly { id: string }[],
) {
  const state = await repo.previewStateOfCamera(db, cameraId)
  const view = state.publicKey ? await keyView(state.publicKey) : undefined
  return new Map(
    pendingAlerts.map((a) => [a.id, view && wantsPreview(view.fingerprint, state.stored.get(a.id)) ? view : null]),
  )
}

export interface SealedPreview {
  readonly enc: string
  readonly ciphertext: string
  readonly keyFingerprint: string
}

/**
 * A camera's agent uploads one small preview of a pending alert of its own camera, sealed to its owner's
 * preview key. Ciphertext only, at most PREVIEW_MAX_BYTES before sealing; sending it again changes nothing.
 */
export async function uploadPreview(
  deps: PreviewDeps,
  device: { cameraId: string; tokenId: string },
  alertId: string,
  sealed: SealedPreview,
) {
  await cameraForDevice(deps, device.cameraId) // refuses a camera whose consent was revoked or lapsed
  const alert = await repo.findAlertForPreview(deps.db, alertId, device.cameraId)
  if (!alert) throw notFound('Alert')
  if (alert.status !== 'pending')
    throw new AppError('CONFLICT', `The alert is already ${alert.status}: no preview is needed`)
  if (!alert.public_key) throw new AppError('CONFLICT', 'The camera owner has not set up private previews')
  const fingerprint = await shareKeyFingerprint(alert.public_key)
  if (sealed.keyFingerprint !== fingerprint)
    throw new AppError(
      'CONFLICT',
      `The camera owner's preview key is now ${fingerprint}, not the one this was sealed to: list the alerts again and reseal`,
    )
  const enc = decodeBase64Url(sealed.enc)
  if (!enc || enc.byteLength !== X25519_PUBLIC_KEY_BYTES)
    throw invalidInput('enc: must be the base64url HPKE encapsulated key (32 bytes)')
  const ciphertext = decodeBase64Url(sealed.ciphertext)
  if (!ciphertext) throw invalidInput('ciphertext: must be base64url')
  const problem = checkSealedPreview(ciphertext)
  if (problem === 'plaintext-image')
    throw new AppError(
      'IMAGE_NOT_ALLOWED',
      'Seal the preview to the camera owner’s preview key: plain images are refused',
    )
  if (problem === 'too-large')
    throw new AppError('PAYLOAD_TOO_LARGE', `A preview is at most ${PREVIEW_MAX_BYTES / 1024} KB before sealing`)
  if (problem) throw invalidInput('ciphertext: too short to be a sealed preview')

  const existing = await repo.findPreviewOfAlert(deps.db, alert.id)
  if (existing?.key_fingerprint === fingerprint) return { bytes: existing.ciphertext.byteLength, created: false }
  await deps.db.transaction().execute(async (trx) => {
    await repo.storePreview(trx, {
      alert_id: alert.id,
      camera_id: alert.camera_id,
      camera_owner_id: alert.camera_owner_id,
      key_fingerprint: fingerprint,
      enc: sealed.enc,
      ciphertext,
    })
    await appendAuditEntry(trx, {
      actorType: 'device',
      actorId: device.tokenId,
      action: 'alert.preview.sealed',
      subjectType: 'alert',
      subjectId: alert.id,
      subjectOwnerId: alert.camera_owner_id,
      details: { bytes: ciphertext.byteLength, keyFingerprint: fingerprint },
    })
  })
  deps.alertEvents?.publish(alert.camera_owner_id, { alertId: alert.id, kind: 'updated' })
  return { bytes: ciphertext.byteLength, created: true }
}

/** The sealed preview of one of the owner's alerts, to open in their browser. Reading it is audited, as share reads are. */
export async function readOwnPreview(deps: PreviewDeps, ownerId: string, alertId: string) {
  const preview = await repo.findOwnPreview(deps.db, alertId, ownerId)
  if (!preview) throw notFound('Preview')
  await deps.db.transaction().execute((trx) =>
    appendAuditEntry(trx, {
      actorType: 'user',
      actorId: ownerId,
      action: 'alert.preview.read',
      subjectType: 'alert',
      subjectId: preview.alert_id,
      subjectOwnerId: ownerId,
    }),
  )
  return {
    alertId: preview.alert_id,
    suite: SHARE_SUITE,
    keyFingerprint: preview.key_fingerprint,
    enc: preview.enc,
    ciphertext: toBase64Url(preview.ciphertext),
    bytes: preview.ciphertext.byteLength,
    createdAt: preview.created_at.toISOString(),
  }
}
