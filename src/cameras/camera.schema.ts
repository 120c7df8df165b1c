import { z } from '@hono/zod-openapi'
import * as wire from '../contracts/device-wire.ts'
import { named } from '../http/wire-schema.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { MAX_RETENTION_HOURS } from './camera.rules.ts'

const Name = z.string().trim().min(1).max(80)
const RetentionHours = z.number().int().min(1).max(MAX_RETENTION_HOURS)

export const RegisterCameraBody = z
  .object({
    name: Name,
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
      .strict()
      .optional()
      .openapi({ description: 'Exact point: turned into a coarse cell at once and never stored or logged' }),
    cell: z
      .string()
      .max(20)
      .optional()
      .openapi({ description: 'Or the coarse H3 cell (resolution 8) computed on the device' }),
    consent: z.object({ version: z.string().max(40), accepted: z.literal(true) }).strict(),
    retentionHours: RetentionHours.optional(),
  })
  .strict()
  .refine((body) => (body.location === undefined) !== (body.cell === undefined), {
    message: 'give exactly one of location or cell',
    path: ['location'],
  })
  .openapi('RegisterCamera')

export const UpdateCameraBody = z
  .object({ name: Name.optional(), retentionHours: RetentionHours.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update')
  .openapi('UpdateCamera')

export const GiveConsentBody = z
  .object({ version: z.string().max(40), accepted: z.literal(true) })
  .strict()
  .openapi('GiveConsent')

export const PairDeviceBody = named(wire.PairDeviceBody, 'PairDevice')

export const AgentStatusSchema = z
  .object({
    paired: z.boolean().openapi({ description: 'An agent holds a working device token for this camera' }),
    online: z.boolean().openapi({ description: 'The agent checked in within the last 15 minutes' }),
    lastCheckInAt: z
      .string()
      .nullable()
      .openapi({ description: 'The latest check-in, rounded down to 5 minutes; only the latest is kept' }),
    sightingsToday: z
      .number()
      .int()
      .openapi({ description: 'Sightings received since midnight in timeZone (of those still kept)' }),
    timeZone: z
      .string()
      .openapi({ description: 'Your time zone, which "today" is counted in (UTC until your browser sets it)' }),
  })
  .openapi('CameraAgentStatus', { description: 'Shown to the camera’s owner only' })

export const CameraSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    area: CoarseAreaSchema.openapi({ description: 'Shown to the camera’s owner only' }),
    retentionHours: z.number(),
    consent: z.object({
      status: z.enum(['active', 'revoked', 'expired', 'none']),
      version: z.string().nullable(),
      givenAt: z.string().nullable(),
      expiresAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
    agent: AgentStatusSchema,
    createdAt: z.string(),
  })
  .openapi('Camera')

export const CameraListSchema = z.object({ cameras: z.array(CameraSchema) }).openapi('CameraList')
export const RevokeResultSchema = z
  .object({
    camera: CameraSchema,
    deletedSightings: z.number(),
    revokedTokens: z.number(),
    withdrawnAlerts: z.number(),
  })
  .openapi('ConsentRevoked')
export const PairingCodeSchema = z.object({ code: z.string(), expiresAt: z.string() }).openapi('PairingCode')
export const DeviceTokenSchema = named(wire.DeviceToken, 'DeviceToken')
export const ConsentTextSchema = z
  .object({ version: z.string(), text: z.string(), validityMonths: z.number() })
  .openapi('ConsentText')
export const DeviceCameraSchema = named(wire.DeviceCamera, 'DeviceCamera')
