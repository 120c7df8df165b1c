import { createRoute, z } from '@hono/zod-openapi'
import { invalidInput } from '../errors.ts'
import { cellsWithin, describeCoarseArea } from '../geo/cells.ts'
import { decimalField } from '../http/form-number.ts'
import { errorResponses, type Router } from '../http/router.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { Species } from '../searches/search.schema.ts'
import { listFeed, type FeedRow } from './feed.repository.ts'
import { PUBLIC_SEARCH_STATUSES, publicStatusOf } from '../searches/search.rules.ts'
import type { SearchStatus } from '../searches/search.table.ts'

const MAX_FEED_RADIUS_KM = 20

const FeedQuery = z.object({
  lat: decimalField(z.number().min(-90).max(90)),
  lng: decimalField(z.number().min(-180).max(180)),
  radiusKm: z.coerce.number().min(0.5).max(MAX_FEED_RADIUS_KM).default(5),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  species: Species.optional(),
  kind: z
    .enum(['lost', 'found'])
    .optional()
    .openapi({ description: 'Only lost pets, or only found pets; both when unset' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'nextCursor of the previous page (with the same filters)' }),
})

const LostFeedItem = z
  .object({
    id: z.uuid(),
    kind: z.literal('lost'),
    species: Species,
    name: z.string(),
    status: z.enum(PUBLIC_SEARCH_STATUSES),
    lastSeenAt: z.string(),
    area: CoarseAreaSchema,
    photoUrl: z.string().nullable(),
  })
  .openapi('LostFeedItem')
const FoundFeedItem = z
  .object({
    id: z.uuid(),
    kind: z.literal('found'),
    species: Species,
    foundAt: z.string(),
    description: z.string(),
    area: CoarseAreaSchema,
    photoUrl: z.string(),
  })
  .openapi('FoundFeedItem')
export const FeedItem = z.discriminatedUnion('kind', [LostFeedItem, FoundFeedItem]).openapi('FeedItem')

const feed = createRoute({
  method: 'get',
  path: '/api/feed',
  tags: ['feed'],
  summary: 'Lost pets and found pets near a place: coarse areas only, no camera data, nothing about their people',
  request: { query: FeedQuery },
  responses: {
    200: {
      description: 'Newest first',
      content: {
        'application/json': { schema: z.object({ items: z.array(FeedItem), nextCursor: z.string().nullable() }) },
      },
    },
    400: errorResponses[400],
  },
})

const encodeCursor = (createdAt: Date, id: string) =>
  Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url')
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

function toFeedItem(row: FeedRow): z.infer<typeof FeedItem> {
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

/** The neighbour's place is a query parameter only: it is neither stored nor logged. */
export function feedRoutes(router: Router) {
  router.openapi(feed, async (c) => {
    const { db, now } = c.var.deps
    const q = c.req.valid('query')
    const rows = await listFeed(db, {
      cells: cellsWithin({ lat: q.lat, lng: q.lng }, q.radiusKm * 1000),
      species: q.species,
      kinds: q.kind ? [q.kind] : ['lost', 'found'],
      now: now(),
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    })
    const last = rows.length === q.limit ? rows[rows.length - 1] : undefined
    return c.json(
      { items: rows.map(toFeedItem), nextCursor: last ? encodeCursor(last.created_at, last.id) : null },
      200,
    )
  })
}
