import { createRoute } from '@hono/zod-openapi'
import { errorResponses, type Router } from '../http/router.ts'
import { FeedPage, FeedQuery } from './feed.schema.ts'
import { readFeedPage } from './feed.service.ts'

export { FeedItem } from './feed.schema.ts'

const feed = createRoute({
  method: 'get',
  path: '/api/feed',
  tags: ['feed'],
  summary: 'Lost pets and found pets near a place: coarse areas only, no camera data, nothing about their people',
  request: { query: FeedQuery },
  responses: {
    200: { description: 'Newest first', content: { 'application/json': { schema: FeedPage } } },
    400: errorResponses[400],
  },
})

/** The neighbour's place is a query parameter only: it is neither stored nor logged. */
export function feedRoutes(router: Router) {
  router.openapi(feed, async (c) => {
    const { db, now } = c.var.deps
    return c.json(await readFeedPage(db, c.req.valid('query'), now()), 200)
  })
}
