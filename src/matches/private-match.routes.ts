import { createRoute, z } from '@hono/zod-openapi'
import { cameraForDevice } from '../cameras/camera.service.ts'
import { errorResponses, forbiddenResponse, type Router } from '../http/router.ts'
import { recordPrivateMatches, searchesCoveringCamera, type MatchDeps } from './match.service.ts'

const PublicSearchSchema = z
  .object({
    id: z.uuid(),
    species: z.enum(['dog', 'cat']),
    lastSeenAt: z.string(),
    embeddings: z.array(z.object({ modelId: z.string(), vector: z.array(z.number()) })),
  })
  .openapi('PublicSearchEmbeddings')

const PrivateMatchesBody = z
  .object({
    matches: z
      .array(
        z
          .object({
            clientId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/),
            searchId: z.uuid(),
            matchedAt: z.iso.datetime({ offset: true }),
            score: z.number().min(-1).max(1),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict()
  .openapi('PrivateMatches')

const searchesForDevice = createRoute({
  method: 'get',
  path: '/api/devices/searches',
  tags: ['devices'],
  summary: 'Private mode: the active searches reaching this camera, with their photos’ embeddings',
  security: [{ deviceToken: [] }],
  responses: {
    200: {
      description: 'Searches and the calibrated threshold per model',
      content: { 'application/json': { schema: z.object({ searches: z.array(PublicSearchSchema), thresholds: z.record(z.string(), z.number()) }) } },
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
    200: { description: 'Recorded', content: { 'application/json': { schema: z.object({ accepted: z.number(), ignored: z.number() }) } } },
    400: errorResponses[400],
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})

export function privateMatchRoutes(router: Router, deps: MatchDeps) {
  router.openapi(searchesForDevice, async (c) => {
    const camera = await cameraForDevice(deps, c.get('device').cameraId)
    return c.json({ searches: await searchesCoveringCamera(deps, camera.id), thresholds: { [deps.matching.modelId]: deps.matching.minSimilarity } }, 200)
  })
  router.openapi(privateMatches, async (c) => {
    const camera = await cameraForDevice(deps, c.get('device').cameraId)
    return c.json(await recordPrivateMatches(deps, { id: camera.id, ownerId: camera.owner_id }, c.req.valid('json').matches), 200)
  })
}
