import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Notifier } from '../notifications/notification.queue.ts'
import type { AlertEvents } from './alert.events.ts'
import {
  findPetSummary,
  findRecentAlert,
  insertAlert,
  lockAlertPair,
  updateAlertSightings,
} from './alert.repository.ts'
import { ALERT_DEDUPE_WINDOW_MS, mergeAlertSightings, type AlertSighting } from './alert.rules.ts'

export interface AlertRecordingDeps {
  readonly db: Kysely<Database>
  readonly alertEvents: AlertEvents
  /** Required: an alert opened without it would reach its camera owner by no channel at all. */
  readonly notifier: Notifier
}

/** A sighting that matched a search, on the camera that took it and whose owner the alert goes to. */
export interface CameraSighting {
  readonly cameraId: string
  readonly ownerId: string
  readonly sighting: AlertSighting
}

/**
 * Opens or extends alerts, one per camera: at most one alert per (search, camera) per 6 hours, which
 * gathers that camera's best sightings. A dismissed or answered alert in the window stays answered.
 */
export async function recordAlerts(
  deps: AlertRecordingDeps,
  searchId: string,
  matched: readonly CameraSighting[],
  now: Date,
) {
  const byCamera = new Map<string, AlertSighting[]>()
  const ownerOf = new Map(matched.map((m) => [m.cameraId, m.ownerId]))
  for (const m of matched) {
    const list = byCamera.get(m.cameraId) ?? []
    list.push(m.sighting)
    byCamera.set(m.cameraId, list)
  }
  let alertsOpened = 0
  let alertsUpdated = 0
  const pet = byCamera.size ? await findPetSummary(deps.db, searchId) : undefined
  for (const [cameraId, sightings] of byCamera) {
    const committed = await deps.db.transaction().execute(async (trx) => {
      await lockAlertPair(trx, searchId, cameraId)
      const recent = await findRecentAlert(trx, searchId, cameraId, new Date(now.getTime() - ALERT_DEDUPE_WINDOW_MS))
      if (!recent) {
        const best = mergeAlertSightings([], sightings)
        const { id } = await insertAlert(trx, { searchId, cameraId, sightings: best, now })
        const wakeNotifications = pet
          ? await deps.notifier.alertOpened(trx, ownerOf.get(cameraId)!, {
              type: 'alert.opened',
              alertId: id,
              pet: {
                name: pet.name,
                species: pet.species,
                photoUrl: pet.photo_id ? `/api/lost-pets/${searchId}/photos/${pet.photo_id}` : null,
              },
              sighting: { capturedAt: best[0]!.capturedAt, snapshotRef: best[0]!.snapshotRef },
            })
          : undefined
        alertsOpened++
        return { event: { alertId: id, kind: 'opened' as const }, wakeNotifications }
      }
      if (recent.status !== 'pending') return undefined
      await updateAlertSightings(trx, recent.id, mergeAlertSightings(recent.sightings, sightings), now)
      alertsUpdated++
      return { event: { alertId: recent.id, kind: 'updated' as const } }
    })
    if (!committed) continue
    // After the commit: a stream never announces an alert that was rolled back, and the delivery jobs are visible.
    committed.wakeNotifications?.()
    deps.alertEvents.publish(ownerOf.get(cameraId)!, committed.event)
  }
  return { alertsOpened, alertsUpdated }
}
