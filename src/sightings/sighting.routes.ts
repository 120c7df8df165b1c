import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import { limitBody } from '../http/body-limit.ts'
import type { AppEnv } from '../http/env.ts'
import { errorResponses, forbiddenResponse, unprocessableResponse, type Router } from '../http/router.ts'
import { containsImageBytes } from './sighting.rules.ts'
import { SightingBatchBody, SightingBatchResult } from './sighting.schema.ts'
import { ingestSightings } from './sighting.service.ts'

const ingest = createRoute({
  method: 'post',
  path: '/api/sightings/batch',
  tags: ['devices'],
  summary: 'Camera agent: send a batch of pet embeddings (never images)',
  security: [{ deviceToken: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: SightingBatchBody } } } },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: SightingBatchResult } } },
    ...errorResponses,
    ...forbiddenResponse,
    ...unprocessableResponse,
  },
})

/** Looks at the raw body before it is parsed: anything but JSON, or JSON with image bytes, is refused. */
const refuseImages: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type') ?? ''
  if (type.startsWith('image/') || type.startsWith('multipart/'))
    throw new AppError('IMAGE_NOT_ALLOWED', 'Sightings carry embeddings, never images')
  if (!/^application\/json\b/i.test(type))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send sightings as application/json')
  if (containsImageBytes(await c.req.text()))
    throw new AppError('IMAGE_NOT_ALLOWED', 'Sightings carry embeddings, never images')
  await next()
}

export function sightingRoutes(router: Router, device: MiddlewareHandler<AppEnv>) {
  router.use('/api/sightings/*', limitBody(8 * 1024 * 1024), device, refuseImages)
  router.openapi(ingest, async (c) => {
    const result = await ingestSightings(c.var.deps, c.get('device').cameraId, c.req.valid('json').sightings)
    return c.json(result, 200)
  })
}
