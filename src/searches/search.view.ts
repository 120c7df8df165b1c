import { describeCoarseArea } from '../geo/cells.ts'
import { reopenDeadline } from './search.rules.ts'
import type { LostSearch } from './search.table.ts'

export interface PhotoRow {
  readonly id: string
  readonly search_id: string
  readonly width: number
  readonly height: number
  /** Absent for views that do not say; false for a photo kept without a detected pet. */
  readonly used_for_matching?: boolean
}

const iso = (d: Date) => d.toISOString()

/** What anyone may see of a search: a coarse area instead of the point, and nothing about the owner. */
function publicFields(search: LostSearch, photoBase: string, photos: readonly PhotoRow[]) {
  return {
    id: search.id,
    species: search.species,
    name: search.name,
    description: search.description,
    lastSeenAt: iso(search.last_seen_at),
    area: describeCoarseArea(search.last_seen_cell),
    photos: photos.map((p) => ({ id: p.id, url: `${photoBase}/photos/${p.id}`, width: p.width, height: p.height })),
  }
}

/** The owner's view: the only one that carries the exact last-seen point. */
export function toOwnerSearch(search: LostSearch, photos: readonly PhotoRow[]) {
  const fields = publicFields(search, `/api/searches/${search.id}`, photos)
  const reopenUntil = reopenDeadline(search.status, search.closed_at)
  return {
    ...fields,
    photos: fields.photos.map((p, i) => ({ ...p, usedForMatching: photos[i]!.used_for_matching !== false })),
    needsClearPhoto: photos.every((p) => p.used_for_matching === false),
    reopenUntil: reopenUntil ? iso(reopenUntil) : null,
    status: search.status,
    // Opened by the service for the owner; the cell's centre only if the sealed point could not be read.
    lastSeen:
      search.last_seen_lat !== null && search.last_seen_lng !== null
        ? { lat: search.last_seen_lat, lng: search.last_seen_lng }
        : describeCoarseArea(search.last_seen_cell).center,
    radiusM: search.radius_m,
    sharePublicKey: search.share_public_key,
    expiresAt: iso(search.expires_at),
    closedAt: search.closed_at ? iso(search.closed_at) : null,
    createdAt: iso(search.created_at),
    updatedAt: iso(search.updated_at),
  }
}

export function toPublicLostPet(search: LostSearch & { status: 'active' | 'found' }, photos: readonly PhotoRow[]) {
  return { ...publicFields(search, `/api/lost-pets/${search.id}`, photos), status: search.status }
}
