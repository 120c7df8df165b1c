import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { limitBody } from '../http/body-limit.ts'
import type { AppEnv } from '../http/env.ts'
import { IdParam } from '../http/path-params.ts'
import {
  conflictResponse,
  errorResponses,
  forbiddenResponse,
  uploadErrorResponses,
  jsonBody,
  jsonResponse,
  type Router,
} from '../http/router.ts'
import {
  DeviceAlertListSchema,
  SealedShareSchema,
  SealedSnapshotBody,
  ShareIdParams,
  ShareKeyBody,
  ShareKeySchema,
  ShareListSchema,
} from './share.schema.ts'
import * as shares from './share.service.ts'

const setKey = createRoute({
  method: 'put',
  path: '/api/searches/{id}/share-key',
  tags: ['shares'],
  summary: 'Register the public key (X25519) that camera owners seal shared snapshots to',
  request: { params: IdParam, body: jsonBody(ShareKeyBody) },
  responses: { 200: jsonResponse(ShareKeySchema, 'Key set'), ...errorResponses },
})
const listShares = createRoute({
  method: 'get',
  path: '/api/searches/{id}/shares',
  tags: ['shares'],
  summary: 'Snapshots shared with you for this search',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ShareListSchema, 'Shares'), ...errorResponses },
})
const readShare = createRoute({
  method: 'get',
  path: '/api/searches/{id}/shares/{shareId}',
  tags: ['shares'],
  summary: 'One sealed snapshot, to open on your device',
  request: { params: ShareIdParams },
  responses: { 200: jsonResponse(SealedShareSchema, 'Sealed snapshot'), ...errorResponses },
})
const deviceAlerts = createRoute({
  method: 'get',
  path: '/api/devices/alerts',
  tags: ['devices'],
  summary: 'Pending alerts of this camera, with the keys to seal a share to',
  security: [{ deviceToken: [] }],
  responses: {
    200: jsonResponse(DeviceAlertListSchema, 'Pending alerts'),
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})
const share = createRoute({
  method: 'post',
  path: '/api/devices/alerts/{id}/share',
  tags: ['devices'],
  summary: 'Upload one snapshot, sealed (HPKE) to the pet owner’s key: the camera owner’s decision',
  security: [{ deviceToken: [] }],
  middleware: [limitBody(6 * 1024 * 1024)] as const,
  request: { params: IdParam, body: jsonBody(SealedSnapshotBody) },
  responses: {
    201: jsonResponse(z.object({ id: z.uuid(), bytes: z.number() }), 'Shared'),
    ...uploadErrorResponses,
    ...conflictResponse,
  },
})

export function shareRoutes(router: Router, device: MiddlewareHandler<AppEnv>) {
  router.use('/api/devices/alerts', device)
  router.use('/api/devices/alerts/*', device)
  router.openapi(setKey, async (c) =>
    c.json(
      await shares.setShareKey(c.var.deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json').publicKey),
      200,
    ),
  )
  router.openapi(listShares, async (c) =>
    c.json({ shares: await shares.listSharesForOwner(c.var.deps, c.get('user').id, c.req.valid('param').id) }, 200),
  )
  router.openapi(readShare, async (c) => {
    const { id, shareId } = c.req.valid('param')
    return c.json(await shares.readShareForOwner(c.var.deps, c.get('user').id, id, shareId), 200)
  })
  router.openapi(deviceAlerts, async (c) =>
    c.json({ alerts: await shares.listAlertsForDevice(c.var.deps, c.get('device').cameraId) }, 200),
  )
  router.openapi(share, async (c) =>
    c.json(await shares.shareSnapshot(c.var.deps, c.get('device'), c.req.valid('param').id, c.req.valid('json')), 201),
  )
}
