import { createRoute } from '@hono/zod-openapi'
import { limitBody } from '../http/body-limit.ts'
import {
  conflictResponse,
  errorResponses,
  forbiddenResponse,
  jsonBody,
  jsonResponse,
  uploadErrorResponses,
  type Router,
} from '../http/router.ts'
import {
  AlertIdParam,
  PreviewKeyBody,
  PreviewKeySchema,
  PreviewKeyStateSchema,
  PreviewUploadSchema,
  SealedPreviewBody,
  SealedPreviewSchema,
} from './preview.schema.ts'
import * as previews from './preview.service.ts'

const getKey = createRoute({
  method: 'get',
  path: '/api/me/preview-key',
  tags: ['previews'],
  summary: 'Your private preview key (public half), if this account has one',
  responses: { 200: jsonResponse(PreviewKeyStateSchema, 'Key or null'), ...errorResponses },
})
const setKey = createRoute({
  method: 'put',
  path: '/api/me/preview-key',
  tags: ['previews'],
  summary: 'Register the public key (X25519) your agents seal private previews of your cameras’ alerts to',
  request: { body: jsonBody(PreviewKeyBody) },
  responses: { 200: jsonResponse(PreviewKeySchema, 'Key set'), ...errorResponses },
})
const readPreview = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/preview',
  tags: ['previews'],
  summary: 'The sealed preview of your camera’s frame for this pending alert, to open in your browser',
  request: { params: AlertIdParam },
  responses: { 200: jsonResponse(SealedPreviewSchema, 'Sealed preview'), ...errorResponses },
})
const upload = createRoute({
  method: 'post',
  path: '/api/devices/alerts/{id}/preview',
  tags: ['devices'],
  summary: 'Upload a small preview of this alert’s snapshot, sealed (HPKE) to the camera owner’s preview key',
  security: [{ deviceToken: [] }],
  middleware: [limitBody(160 * 1024)] as const,
  request: { params: AlertIdParam, body: jsonBody(SealedPreviewBody) },
  responses: {
    200: jsonResponse(PreviewUploadSchema, 'Already stored'),
    201: jsonResponse(PreviewUploadSchema, 'Stored'),
    ...uploadErrorResponses,
    ...forbiddenResponse,
    ...conflictResponse,
  },
})

/** Mount after `/api/me/*` and `/api/alerts/*` require a session and after shareRoutes puts the device check on `/api/devices/alerts/*`. */
export function previewRoutes(router: Router) {
  router.openapi(getKey, async (c) => c.json(await previews.getPreviewKey(c.var.deps, c.get('user').id), 200))
  router.openapi(setKey, async (c) =>
    c.json(await previews.setPreviewKey(c.var.deps, c.get('user').id, c.req.valid('json').publicKey), 200),
  )
  router.openapi(readPreview, async (c) =>
    c.json(await previews.readOwnPreview(c.var.deps, c.get('user').id, c.req.valid('param').id), 200),
  )
  router.openapi(upload, async (c) => {
    const result = await previews.uploadPreview(
      c.var.deps,
      c.get('device'),
      c.req.valid('param').id,
      c.req.valid('json'),
    )
    return result.created ? c.json(result, 201) : c.json(result, 200)
  })
}
