import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { cameraForDevice } from '../cameras/camera.service.ts'
import * as wire from '../contracts/share-request-wire.ts'
import type { AppEnv } from '../http/env.ts'
import { errorResponses, forbiddenResponse, jsonResponse, type Router } from '../http/router.ts'
import { named } from '../http/wire-schema.ts'
import { waitForShareRequests } from './share-request-wait.service.ts'

const ShareRequestListSchema = named(wire.ShareRequestList, 'ShareRequestList')

const waitRoute = createRoute({
  method: 'get',
  path: '/api/devices/share-requests',
  tags: ['devices'],
  summary: 'Long-poll: answers as soon as the owner asks (on the web) for a share, or empty after `wait` seconds',
  description: 'One open request per device token: a newer one ends the older, which answers empty at once.',
  security: [{ deviceToken: [] }],
  request: { query: wire.ShareRequestWaitQuery },
  responses: {
    200: jsonResponse(ShareRequestListSchema, 'Share requests (possibly none)'),
    400: errorResponses[400],
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})

export function shareRequestRoutes(router: Router, device: MiddlewareHandler<AppEnv>) {
  router.use('/api/devices/share-requests', device)
  router.openapi(waitRoute, async (c) => {
    const { deps } = c.var
    const d = c.get('device')
    await cameraForDevice(deps, d.cameraId) // a lapsed consent is refused, as on every device route
    const { wait, since } = c.req.valid('query')
    const reply = await waitForShareRequests(deps, d, {
      waitSeconds: wait,
      since: since ? new Date(since) : undefined,
      aborted: c.req.raw.signal,
    })
    return c.json(reply, 200)
  })
}
