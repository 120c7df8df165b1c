import type { TestApp, TestUser } from '../support/app.ts'
import { openCatSearch } from '../support/searches.ts'

const DAY_MS = 24 * 3600 * 1000

/**
 * Makes a camera an established trail witness, as weeks of honest use would: its account and the camera
 * registered a month ago (or the camera `registeredDaysAgo`), and sightings sent on five distinct days,
 * the last yesterday. Only the ages and the activity
 * counter are moved; nothing the trail counts is faked.
 */
export async function establishCamera(t: TestApp, cameraId: string, options: { registeredDaysAgo?: number } = {}) {
  const now = new Date()
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS)
  const registeredAt = new Date(now.getTime() - (options.registeredDaysAgo ?? 30) * DAY_MS)
  const camera = await t.database.db
    .updateTable('cameras')
    .set({ created_at: registeredAt, active_days: 5, last_active_day: Math.floor(now.getTime() / DAY_MS) - 1 })
    .where('id', '=', cameraId)
    .returning('owner_id')
    .executeTakeFirstOrThrow()
  await t.database.db.updateTable('users').set({ createdAt: monthAgo }).where('id', '=', camera.owner_id).execute()
}

/** A lost-cat search reaching 2 km, and its photo's embedding, for sightings that match it. */
export async function openCatSearchWithVector(t: TestApp, owner: TestUser) {
  const searchId = (await openCatSearch(t, owner, { fields: { radiusM: '2000' } })).id
  const photo = await t.database.db
    .selectFrom('search_photos')
    .select('embedding')
    .where('search_id', '=', searchId)
    .executeTakeFirstOrThrow()
  return { searchId, petVector: JSON.parse(photo.embedding!) as number[] }
}
