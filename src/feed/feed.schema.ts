import { z } from '@hono/zod-openapi'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { decimalField } from '../http/form-number.ts'
import { Species } from '../searches/search.schema.ts'
import { PUBLIC_SEARCH_STATUSES } from '../searches/search.rules.ts'

export const MAX_FEED_RADIUS_KM = 20

export const FeedQuery = z.object({
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
export type FeedQuery = z.infer<typeof FeedQuery>

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
export type FeedItem = z.infer<typeof FeedItem>

export const FeedPage = z.object({ items: z.array(FeedItem), nextCursor: z.string().nullable() })
export type FeedPage = z.infer<typeof FeedPage>
