import { z } from '@hono/zod-openapi'
import { CoarseAreaSchema } from '../geo/area.schema.ts'

import * as wire from '../contracts/device-wire.ts'
import { idWith } from '../http/path-params.ts'
import { named } from '../http/wire-schema.ts'

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url (no padding)')
const { Suite, Fingerprint } = wire

export const ShareKeyBody = z
  .object({ publicKey: Base64Url.max(64) })
  .strict()
  .openapi('ShareKey')
export const ShareKeySchema = z
  .object({ publicKey: z.string(), fingerprint: Fingerprint, suite: Suite })
  .openapi('ShareKeySet')

export const SealedSnapshotBody = named(wire.SealedSnapshotBody, 'SealedSnapshot')

export const ShareSummarySchema = z
  .object({ id: z.uuid(), capturedAt: z.string(), area: CoarseAreaSchema, bytes: z.number(), createdAt: z.string() })
  .openapi('ShareSummary')
export const ShareListSchema = z.object({ shares: z.array(ShareSummarySchema) }).openapi('ShareList')
export const SealedShareSchema = ShareSummarySchema.extend({
  suite: Suite,
  enc: z.string(),
  ciphertext: z.string(),
}).openapi('SealedShare')

export const DeviceAlertSchema = named(wire.DeviceAlert, 'DeviceAlert')
export const DeviceAlertListSchema = named(wire.deviceAlertListOf(DeviceAlertSchema), 'DeviceAlertList')

export const ShareIdParams = idWith('shareId')
