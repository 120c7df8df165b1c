import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { invalidInput } from '../errors.ts'
import { cellsWithin, describeCoarseArea } from '../geo/cells.ts'
import { publicStatusOf } from '../searches/search.rules.ts'
import type { SearchStatus } from '../searches/search.table.ts'
import { fromBase64Url, toBase64Url } from '../web-crypto.ts'
import { listFeed, type FeedRow } from './feed.repository.ts'
import type { FeedItem, FeedPage, FeedQuery } from './feed.schema.ts'

const encodeCursor = (createdAt: Date, id: string) =>
  toBase64Url(new TextEncoder().encode(JSON.stringify([createdAt.toISOString(), id])))

function decodeCursor(cursor: string) {
  try {
    const [createdAt, id] = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))) as [string, string]
    const date = new Date(createdAt)
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor')
    return { createdAt: date, id }
  } catch {
    throw invalidInput('cursor: is not one this feed gave out')
  }
}

function toFeedItem(row: FeedRow): FeedItem {
  const area = describeCoarseArea(row.cell)
  if (row.kind === 'found')
    return {
      id: row.id,
      kind: 'found',
      species: row.species,
      foundAt: row.at.toISOString(),
      description: row.description,
      area,
      photoUrl: `/api/found-pets/${row.id}/photo`,
    }
  return {
    id: row.id,
    kind: 'lost',
    species: row.species,
    name: row.name ?? '',
    status: publicStatusOf(row.status as SearchStatus),
    lastSeenAt: row.at.toISOString(),
    area,
    photoUrl: row.photo_id ? `/api/lost-pets/${row.id}/photos/${row.photo_id}` : null,
  }
}

/** One page of the feed near a place; the place is neither stored nor logged. */
export async function readFeedPage(db: Kysely<Database>, q: FeedQuery, now: Date): Promise<FeedPage> {
  const rows = await listFeed(db, {
    cells: cellsWithin({ lat: q.lat, lng: q.lng }, q.radiusKm * 1000),
    species: q.species,
    kinds: q.kind ? [q.kind] : ['lost', 'found'],
    now,
    before: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit,
  })
  const last = rows.length === q.limit ? rows[rows.length - 1] : undefined
  return { items: rows.map(toFeedItem), nextCursor: last ? encodeCursor(last.created_at, last.id) : null }
}
