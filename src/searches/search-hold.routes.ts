import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../http/path-params.ts'
import { conflictResponse, errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { decideHold, listHolds } from './search-hold.service.ts'
import { activateHeldSearch } from './search.service.ts'

const HoldParam = IdParam.extend({ holdId: z.uuid().openapi({ param: { name: 'holdId', in: 'path' } }) })
const HoldList = z
  .object({
    holds: z.array(
      z.object({
        id: z.string(),
        createdAt: z.string(),
        similarity: z.number(),
        pet: z.object({ name: z.string(), description: z.string(), lastSeenAt: z.string(), area: z.any() }),
      }),
    ),
  })
  .openapi('SearchHolds')
const Decision = z
  .object({ decision: z.enum(['release', 'refuse']) })
  .strict()
  .openapi('SearchHoldDecision')

const list = createRoute({
  method: 'get',
  path: '/api/searches/{id}/holds',
  tags: ['searches'],
  operationId: 'listSearchHolds',
  summary: 'Searches by other people for a pet that looks like yours, nearby, waiting for your decision',
  request: { params: IdParam },
  responses: { 200: jsonResponse(HoldList, 'Waiting searches'), ...errorResponses },
})
const decide = createRoute({
  method: 'post',
  path: '/api/searches/{id}/holds/{holdId}',
  tags: ['searches'],
  operationId: 'decideSearchHold',
  summary: 'Let a waiting look-alike search go ahead (a co-owner, a relative), or refuse it',
  request: { params: HoldParam, body: jsonBody(Decision) },
  responses: { 204: { description: 'Decided' }, ...errorResponses, ...conflictResponse },
})

/** Mounted under /api/searches (signed in). */
export function searchHoldRoutes(router: Router) {
  router.openapi(list, async (c) =>
    c.json({ holds: await listHolds(c.var.deps, c.get('user').id, c.req.valid('param').id) }, 200),
  )
  router.openapi(decide, async (c) => {
    const { deps } = c.var
    const { id, holdId } = c.req.valid('param')
    const decision = c.req.valid('json').decision === 'release' ? 'released' : 'refused'
    await decideHold(deps, c.get('user').id, id, holdId, decision, (heldId) => activateHeldSearch(deps, heldId))
    return c.body(null, 204)
  })
}
