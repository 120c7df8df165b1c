import { createRoute, z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { invalidInput } from '../errors.ts'
import { cellsWithin, describeCoarseArea } from '../geo/cells.ts'
import { errorResponses, type Router } from '../http/router.ts'
import { CoarseAreaSchema } from '../searches/search.schema.ts'
import { listFeed } from './feed.repository.ts'

const MAX_FEED_RADIUS_KM = 20

const FeedQuery = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  radiusKm: z.coerce.number().min(0.5).max(MAX_FEED_RADIUS_KM).default(5),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
})

const FeedItem = z
  .object({
    id: z.uuid(),
    kind: z.literal('lost'),
    species: z.enum(['dog', 'cat']),
    name: z.string(),
    status: z.enum(['active', 'found']),
    lastSeenAt: z.string(),
    area: CoarseAreaSchema,
    photoUrl: z.string().nullable(),
  })
  .openapi('FeedItem')

const feed = createRoute({
  method: 'get',
  path: '/api/feed',
  tags: ['feed'],
  summary: 'Lost pets near a place: coarse areas only, no camera data',
  request: { query: FeedQuery },
  responses: {
    200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ items: z.array(FeedItem), nextCursor: z.string().nullable() }) } } },
    400: errorResponses[400],
  },
})

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url')
function decodeCursor(cursor: string) {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string]
    const date = new Date(createdAt)
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor')
    return { createdAt: date, id }
  } catch {
    throw invalidInput('cursor: is not one this feed gave out')
  }
}

/** The neighbour's place is a query parameter only: it is neither stored nor logged. */
export function feedRoutes(router: Router, db: Kysely<Database>) {
  router.openapi(feed, async (c) => {
    const q = c.req.valid('query')
    const rows = await listFeed(db, {
      cells: cellsWithin({ lat: q.lat, lng: q.lng }, q.radiusKm * 1000),
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    })
    const last = rows.length === q.limit ? rows[rows.length - 1] : undefined
    return c.json(
      {
        items: rows.map((row) => ({
          id: row.id,
          kind: 'lost' as const,
          species: row.species,
          name: row.name,
          status: row.status === 'found' ? ('found' as const) : ('active' as const),
          lastSeenAt: row.last_seen_at.toISOString(),
          area: describeCoarseArea(row.last_seen_cell),
          photoUrl: row.photo_id ? `/api/lost-pets/${row.id}/photos/${row.photo_id}` : null,
        })),
        nextCursor: last ? encodeCursor(last.created_at, last.id) : null,
      },
      200,
    )
  })
}
