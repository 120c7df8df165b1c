import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../http/path-params.ts'
import { errorResponses, jsonResponse, type Router } from '../http/router.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { searchTrail } from './trail.service.ts'

export const SearchTrailSchema = z
  .object({
    searchId: z.uuid(),
    status: z.enum(['active', 'found', 'closed', 'expired', 'held']),
    radiusM: z.number().openapi({ description: 'How far the search reaches now (it grows each day)' }),
    areas: z.array(
      z.object({
        area: CoarseAreaSchema,
        hour: z.string().openapi({ description: 'Start of the UTC hour' }),
        sightings: z.number().int().positive(),
      }),
    ),
    withheld: z
      .number()
      .int()
      .openapi({ description: 'Likely sightings in areas with too few cameras to show without pointing at one' }),
  })
  .openapi('SearchTrail')

const trail = createRoute({
  method: 'get',
  path: '/api/searches/{id}/trail',
  tags: ['searches'],
  summary: 'Your search’s trail: likely sightings counted per coarse area and hour, never per camera',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SearchTrailSchema, 'The trail, newest hour first'), ...errorResponses },
})

/** Mounted after searchRoutes, whose `/api/searches/*` middleware signs the owner in. */
export function trailRoutes(router: Router) {
  router.openapi(trail, async (c) =>
    c.json(await searchTrail(c.var.deps, c.get('user').id, c.req.valid('param').id), 200),
  )
}
