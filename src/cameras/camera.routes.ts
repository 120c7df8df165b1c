import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { listEmbeddingModels } from '../../models/registry.ts'
import { requireDevice } from './device-auth.ts'
import type { AppEnv } from '../http/env.ts'
import { IdParam } from '../http/path-params.ts'
import {
  conflictResponse,
  errorResponses,
  forbiddenResponse,
  jsonBody,
  jsonResponse,
  type Router,
} from '../http/router.ts'
import {
  CameraListSchema,
  CameraSchema,
  ConsentTextSchema,
  DeviceCameraSchema,
  DeviceTokenSchema,
  GiveConsentBody,
  PairDeviceBody,
  PairingCodeSchema,
  RegisterCameraBody,
  RevokeResultSchema,
  UpdateCameraBody,
} from './camera.schema.ts'
import * as cameras from './camera.service.ts'
import type { Camera } from './camera.table.ts'
import { withAgentStatus } from './camera-status.service.ts'
import { toOwnerCamera } from './camera.view.ts'
import { CAMERA_CONSENT_TEXT, CAMERA_CONSENT_VERSION, CONSENT_VALIDITY_MONTHS } from './consent.ts'

const consentText = createRoute({
  method: 'get',
  path: '/api/consent/camera',
  tags: ['cameras'],
  summary: 'The camera opt-in text and its version',
  responses: { 200: jsonResponse(ConsentTextSchema, 'Current consent text') },
})
const registerCamera = createRoute({
  method: 'post',
  path: '/api/cameras',
  tags: ['cameras'],
  summary: 'Register a camera and opt it in',
  request: { body: jsonBody(RegisterCameraBody) },
  responses: { 201: jsonResponse(CameraSchema, 'Registered'), ...errorResponses, ...conflictResponse },
})
const listCameras = createRoute({
  method: 'get',
  path: '/api/cameras',
  tags: ['cameras'],
  summary: 'Your cameras',
  responses: { 200: jsonResponse(CameraListSchema, 'Your cameras'), ...errorResponses },
})
const getCamera = createRoute({
  method: 'get',
  path: '/api/cameras/{id}',
  tags: ['cameras'],
  summary: 'One of your cameras',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CameraSchema, 'The camera'), ...errorResponses },
})
const updateCamera = createRoute({
  method: 'patch',
  path: '/api/cameras/{id}',
  tags: ['cameras'],
  summary: 'Rename a camera or shorten its retention',
  request: { params: IdParam, body: jsonBody(UpdateCameraBody) },
  responses: { 200: jsonResponse(CameraSchema, 'Updated'), ...errorResponses },
})
const giveConsent = createRoute({
  method: 'post',
  path: '/api/cameras/{id}/consent',
  tags: ['cameras'],
  summary: 'Give consent again, or renew it for 12 months',
  request: { params: IdParam, body: jsonBody(GiveConsentBody) },
  responses: { 200: jsonResponse(CameraSchema, 'Consent recorded'), ...errorResponses, ...conflictResponse },
})
const revokeConsent = createRoute({
  method: 'delete',
  path: '/api/cameras/{id}/consent',
  tags: ['cameras'],
  summary: 'Revoke consent: deletes the camera’s sightings and stops its agent at once',
  request: { params: IdParam },
  responses: { 200: jsonResponse(RevokeResultSchema, 'Revoked'), ...errorResponses },
})
const issuePairingCode = createRoute({
  method: 'post',
  path: '/api/cameras/{id}/pairing-code',
  tags: ['cameras'],
  summary: 'A one-time code for the camera agent (15 minutes)',
  request: { params: IdParam },
  responses: { 201: jsonResponse(PairingCodeSchema, 'Code issued'), ...errorResponses, ...forbiddenResponse },
})
const pairDevice = createRoute({
  method: 'post',
  path: '/api/devices/pair',
  tags: ['devices'],
  summary: 'Exchange a pairing code for a device token',
  request: { body: jsonBody(PairDeviceBody) },
  responses: {
    201: jsonResponse(DeviceTokenSchema, 'Paired'),
    400: errorResponses[400],
    404: errorResponses[404],
    ...forbiddenResponse,
  },
})
const deviceCamera = createRoute({
  method: 'get',
  path: '/api/devices/me',
  tags: ['devices'],
  summary: 'What a paired agent needs to know about its camera',
  security: [{ deviceToken: [] }],
  responses: {
    200: jsonResponse(DeviceCameraSchema, 'Camera settings'),
    401: errorResponses[401],
    ...forbiddenResponse,
  },
})

export function cameraRoutes(router: Router, signedIn: MiddlewareHandler<AppEnv>) {
  // Every owner's view carries the agent's status; the cameras were read as this owner's already.
  const views = async (deps: cameras.CameraDeps, ownerId: string, rows: readonly Camera[]) =>
    (await withAgentStatus(deps, ownerId, rows)).map(({ camera, agent }) => toOwnerCamera(camera, agent, deps.now()))
  const view = async (deps: cameras.CameraDeps, ownerId: string, camera: Camera) =>
    (await views(deps, ownerId, [camera]))[0]!
  router.use('/api/cameras', signedIn)
  router.use('/api/cameras/*', signedIn)
  router.use('/api/devices/me', requireDevice())

  router.openapi(consentText, (c) =>
    c.json(
      { version: CAMERA_CONSENT_VERSION, text: CAMERA_CONSENT_TEXT, validityMonths: CONSENT_VALIDITY_MONTHS },
      200,
    ),
  )
  router.openapi(registerCamera, async (c) => {
    const { deps } = c.var
    const body = c.req.valid('json')
    const camera = await cameras.registerCamera(deps, c.get('user').id, {
      name: body.name,
      location: body.location,
      cell: body.cell,
      consentVersion: body.consent.version,
      retentionHours: body.retentionHours,
    })
    return c.json(await view(deps, c.get('user').id, camera), 201)
  })
  router.openapi(listCameras, async (c) => {
    const { deps } = c.var
    const rows = await cameras.listOwnCameras(deps, c.get('user').id)
    return c.json({ cameras: await views(deps, c.get('user').id, rows) }, 200)
  })
  router.openapi(getCamera, async (c) => {
    const { deps } = c.var
    const ownerId = c.get('user').id
    return c.json(await view(deps, ownerId, await cameras.getOwnCamera(deps, ownerId, c.req.valid('param').id)), 200)
  })
  router.openapi(updateCamera, async (c) => {
    const { deps } = c.var
    const camera = await cameras.updateCamera(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json'))
    return c.json(await view(deps, c.get('user').id, camera), 200)
  })
  router.openapi(giveConsent, async (c) => {
    const { deps } = c.var
    const camera = await cameras.giveConsent(
      deps,
      c.get('user').id,
      c.req.valid('param').id,
      c.req.valid('json').version,
    )
    return c.json(await view(deps, c.get('user').id, camera), 200)
  })
  router.openapi(revokeConsent, async (c) => {
    const { deps } = c.var
    const result = await cameras.revokeConsent(deps, c.get('user').id, c.req.valid('param').id)
    return c.json({ ...result, camera: await view(deps, c.get('user').id, result.camera) }, 200)
  })
  router.openapi(issuePairingCode, async (c) => {
    const { code, expiresAt } = await cameras.issuePairingCode(c.var.deps, c.get('user').id, c.req.valid('param').id)
    return c.json({ code, expiresAt: expiresAt.toISOString() }, 201)
  })
  router.openapi(pairDevice, async (c) => c.json(await cameras.pairDevice(c.var.deps, c.req.valid('json').code), 201))
  router.openapi(deviceCamera, async (c) => {
    const camera = await cameras.cameraForDevice(c.var.deps, c.get('device').cameraId)
    return c.json(
      {
        cameraId: camera.id,
        retentionHours: camera.retention_hours,
        consentExpiresAt: camera.consent_expires_at!.toISOString(),
        acceptedModels: listEmbeddingModels().map((m) => ({ id: m.id, dimension: m.dimension })),
      },
      200,
    )
  })
}
