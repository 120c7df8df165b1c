import { createRoute } from '@hono/zod-openapi'
import * as wire from '../contracts/device-wire.ts'
import { named } from '../http/wire-schema.ts'
import { cameraForDevice } from '../cameras/camera.service.ts'
import { errorResponses, forbiddenResponse, type Router } from '../http/router.ts'
import { recordPrivateMatches, searchesCoveringCamera } from './match.service.ts'

const PublicSearchSchema = named(wire.PublicSearch, 'PublicSearchEmbeddings')

const PrivateMatchesBody = named(wire.PrivateMatchesBody, 'PrivateMatches')

const searchesForDevice = createRoute({
  method: 'get',
  path: '/api/devices/searches',
  tags: ['devices'],
  summary: 'Private mode: the active searches reaching this camera, with their photos’ embeddings',
  security: [{ deviceToken: [] }],
  responses: {
    200: {
      description: 'Searches and the calibrated threshold per model',
      content: { 'application/json': { schema: wire.searchFeedOf(PublicSearchSchema) } },
    },
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})

const privateMatches = createRoute({
  method: 'post',
  path: '/api/devices/private-matches',
  tags: ['devices'],
  summary: 'Private mode: report "matched search Y at time T with score S"; no embedding leaves the device',
  security: [{ deviceToken: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: PrivateMatchesBody } } } },
  responses: {
    200: { description: 'Recorded', content: { 'application/json': { schema: wire.PrivateMatchesResult } } },
    400: errorResponses[400],
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})

export function privateMatchRoutes(router: Router) {
  router.openapi(searchesForDevice, async (c) => {
    const { deps } = c.var
    const camera = await cameraForDevice(deps, c.get('device').cameraId)
    return c.json(
      {
        searches: await searchesCoveringCamera(deps, camera.id),
        thresholds: { [deps.matching.modelId]: deps.matching.minSimilarity },
      },
      200,
    )
  })
  router.openapi(privateMatches, async (c) => {
    const { deps } = c.var
    const camera = await cameraForDevice(deps, c.get('device').cameraId)
    return c.json(
      await recordPrivateMatches(deps, { id: camera.id, ownerId: camera.owner_id }, c.req.valid('json').matches),
      200,
    )
  })
}
