import type { Clock } from '../clock.ts'
import type { Kysely } from 'kysely'
import { appendAuditEntry } from '../audit/audit.service.ts'
import { cameraForDevice } from '../cameras/camera.service.ts'
import type { Database } from '../db/database.ts'
import { AppError, invalidInput, notFound } from '../errors.ts'
import { describeCoarseArea } from '../geo/cells.ts'
import { toAlertSightingViews } from '../alerts/alert.rules.ts'
import { getOwnSearch } from '../searches/search.service.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import { previewKeysForDevice } from '../previews/preview.service.ts'
import * as repo from './share.repository.ts'
import {
  checkCiphertext,
  checkSealKey,
  decodeBase64Url,
  SHARE_SUITE,
  shareKeyFingerprint,
  X25519_PUBLIC_KEY_BYTES,
} from './share.rules.ts'
import { toBase64Url } from '../web-crypto.ts'

export interface ShareDeps {
  readonly db: Kysely<Database>
  readonly storage: BlobStorage
  readonly now: Clock
  /** Tells the pet owner a snapshot arrived. */
  readonly notifier: Pick<Notifier, 'ownerEvent'>
}

const clock = (deps: ShareDeps) => deps.now()

/**
 * The pet owner's device registers the public half of its key pair; the private half never leaves it.
 * Every set or change is in the owner's audit trail with the fingerprints, so a swapped key is visible.
 */
export async function setShareKey(deps: ShareDeps, ownerId: string, searchId: string, publicKey: string) {
  const key = decodeBase64Url(publicKey)
  if (!key || key.byteLength !== X25519_PUBLIC_KEY_BYTES)
    throw invalidInput('publicKey: must be a base64url X25519 public key (32 bytes)')
  const fingerprint = await shareKeyFingerprint(publicKey)
  await deps.db.transaction().execute(async (trx) => {
    const search = await repo.lockShareKeyOfSearch(trx, searchId, ownerId)
    if (!search) throw notFound('Search')
    if (search.share_public_key === publicKey) return
    const previous = search.share_public_key ? await shareKeyFingerprint(search.share_public_key) : null
    await repo.setSharePublicKey(trx, searchId, publicKey, previous ? clock(deps) : undefined)
    await appendAuditEntry(trx, {
      actorType: 'user',
      actorId: ownerId,
      action: previous ? 'search.share_key.changed' : 'search.share_key.set',
      subjectType: 'search',
      subjectId: searchId,
      subjectOwnerId: ownerId,
      details: { fingerprint, ...(previous && { previousFingerprint: previous }) },
    })
  })
  return { publicKey, fingerprint, suite: SHARE_SUITE }
}

const shareKeyView = async (publicKey: string | null, replacedAt: Date | null, alertCreatedAt: Date) =>
  publicKey
    ? {
        publicKey,
        fingerprint: await shareKeyFingerprint(publicKey),
        suite: SHARE_SUITE,
        changedSinceAlert: replacedAt !== null && replacedAt > alertCreatedAt,
      }
    : null

export async function listAlertsForDevice(deps: ShareDeps, cameraId: string) {
  await cameraForDevice(deps, cameraId)
  const rows = await repo.listPendingAlertsOfCamera(deps.db, cameraId)
  const previewKeys = await previewKeysForDevice(deps.db, cameraId, rows)
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      pet: { name: row.pet_name, species: row.pet_species },
      sightings: toAlertSightingViews(row.sightings),
      shareKey: await shareKeyView(row.share_public_key, row.share_key_replaced_at, row.created_at),
      shareRequested: row.share_requested_at !== null,
      previewKey: previewKeys.get(row.id) ?? null,
      createdAt: row.created_at.toISOString(),
    })),
  )
}

export interface SealedSnapshot {
  readonly snapshotRef: string
  readonly enc: string
  readonly ciphertext: string
  /** The fingerprint of the key the agent sealed to (shareKeyFingerprint). */
  readonly keyFingerprint?: string | undefined
}

/**
 * A camera's agent uploads one snapshot sealed to the pet owner's key, for an alert of its own camera.
 * The server stores ciphertext only, and the share reveals the camera's coarse area, nothing finer.
 */
export async function shareSnapshot(
  deps: ShareDeps,
  device: { cameraId: string; tokenId: string },
  alertId: string,
  sealed: SealedSnapshot,
) {
  await cameraForDevice(deps, device.cameraId)
  const alert = await repo.findAlertOfCamera(deps.db, alertId, device.cameraId)
  if (!alert) throw notFound('Alert')
  if (alert.status !== 'pending') throw new AppError('CONFLICT', `The alert is already ${alert.status}`)
  if (!alert.share_public_key) throw new AppError('CONFLICT', 'The pet owner has not set up encrypted sharing yet')
  const current = {
    fingerprint: await shareKeyFingerprint(alert.share_public_key),
    replacedAt: alert.share_key_replaced_at,
  }
  const keyCheck = checkSealKey(current, alert.created_at, sealed.keyFingerprint)
  if (keyCheck === 'sealed-to-another-key')
    throw new AppError(
      'CONFLICT',
      `The pet owner's key is now ${current.fingerprint}, not the one this was sealed to: list the alert again and reseal`,
    )
  if (keyCheck === 'key-changed-since-alert')
    throw new AppError(
      'CONFLICT',
      `The pet owner's key changed after this alert was raised (now ${current.fingerprint}): confirm that fingerprint and send it as keyFingerprint`,
    )
  const sighting = alert.sightings.find((s) => s.snapshotRef === sealed.snapshotRef)
  if (!sighting) throw invalidInput('snapshotRef: is not one of this alert’s sightings')
  const enc = decodeBase64Url(sealed.enc)
  if (!enc || enc.byteLength !== X25519_PUBLIC_KEY_BYTES)
    throw invalidInput('enc: must be the base64url HPKE encapsulated key (32 bytes)')
  const ciphertext = decodeBase64Url(sealed.ciphertext)
  if (!ciphertext) throw invalidInput('ciphertext: must be base64url')
  const problem = checkCiphertext(ciphertext)
  if (problem === 'plaintext-image')
    throw new AppError('IMAGE_NOT_ALLOWED', 'Seal the snapshot to the pet owner’s key: plain images are refused')
  if (problem === 'too-large') throw new AppError('PAYLOAD_TOO_LARGE', 'The sealed snapshot is larger than 4 MB')
  if (problem) throw invalidInput('ciphertext: too short to be a sealed snapshot')

  const now = clock(deps)
  const storageKey = `shares/${crypto.randomUUID()}.bin`
  await deps.storage.put(storageKey, ciphertext)
  try {
    const { result, wake } = await deps.db.transaction().execute(async (trx) => {
      const status = await repo.lockAlertStatus(trx, alert.id)
      if (status !== 'pending') throw new AppError('CONFLICT', `The alert is already ${status ?? 'gone'}`)
      const share = await repo.insertShare(trx, {
        alert_id: alert.id,
        search_id: alert.search_id,
        camera_owner_id: alert.camera_owner_id,
        captured_at: sighting.capturedAt,
        area_cell: alert.cell,
        enc: sealed.enc,
        storage_key: storageKey,
        bytes: ciphertext.byteLength,
      })
      await repo.markAlertShared(trx, alert.id, now)
      await appendAuditEntry(trx, {
        actorType: 'device',
        actorId: device.tokenId,
        action: 'alert.snapshot.shared',
        subjectType: 'alert',
        subjectId: alert.id,
        subjectOwnerId: alert.camera_owner_id,
        details: { shareId: share.id, bytes: ciphertext.byteLength, keyFingerprint: current.fingerprint },
      })
      const event = {
        kind: 'share',
        shareId: share.id,
        searchId: alert.search_id,
        petName: alert.pet_name,
        capturedAt: new Date(sighting.capturedAt),
      } as const
      const wake = await deps.notifier.ownerEvent(trx, alert.pet_owner_id, event, now)
      return { result: { id: share.id, bytes: share.bytes }, wake }
    })
    wake() // committed: the delivery jobs are visible now
    return result
  } catch (error) {
    await deps.storage.delete(storageKey).catch(() => {})
    throw error
  }
}

const toShareSummary = (row: Awaited<ReturnType<typeof repo.listSharesOfSearch>>[number]) => ({
  id: row.id,
  capturedAt: row.captured_at.toISOString(),
  area: describeCoarseArea(row.area_cell),
  bytes: row.bytes,
  createdAt: row.created_at.toISOString(),
})

export async function listSharesForOwner(deps: ShareDeps, ownerId: string, searchId: string) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  return (await repo.listSharesOfSearch(deps.db, search.id)).map(toShareSummary)
}

/** The sealed snapshot, for the search's owner to open on their device. Reading it is audited. */
export async function readShareForOwner(deps: ShareDeps, ownerId: string, searchId: string, shareId: string) {
  const search = await getOwnSearch(deps, ownerId, searchId)
  const share = await repo.findShareOfSearch(deps.db, search.id, shareId)
  const ciphertext = share && (await deps.storage.get(share.storage_key))
  if (!share || !ciphertext) throw notFound('Share')
  await deps.db.transaction().execute((trx) =>
    appendAuditEntry(trx, {
      actorType: 'user',
      actorId: ownerId,
      action: 'share.read',
      subjectType: 'share',
      subjectId: share.id,
      subjectOwnerId: share.camera_owner_id,
    }),
  )
  return { ...toShareSummary(share), suite: SHARE_SUITE, enc: share.enc, ciphertext: toBase64Url(ciphertext) }
}
