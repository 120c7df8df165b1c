import { z } from '@hono/zod-openapi'
import * as wire from '../contracts/device-wire.ts'
import { named } from '../http/wire-schema.ts'

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url (no padding)')

export const PreviewKeyBody = z
  .object({ publicKey: Base64Url.max(64) })
  .strict()
  .openapi('PreviewKeyBody')
export const PreviewKeySchema = named(wire.PreviewKey, 'PreviewKey')
export const PreviewKeyStateSchema = z
  .object({ key: wire.PreviewKey.extend({ updatedAt: z.string() }).nullable() })
  .openapi('PreviewKeyState')
export const SealedPreviewBody = named(wire.SealedPreviewBody, 'SealedPreview')
export const PreviewUploadSchema = z.object({ bytes: z.number(), created: z.boolean() }).openapi('PreviewUpload')
export const SealedPreviewSchema = z
  .object({
    alertId: z.uuid(),
    suite: wire.Suite,
    keyFingerprint: wire.Fingerprint,
    enc: z.string(),
    ciphertext: z.string(),
    bytes: z.number(),
    createdAt: z.string(),
  })
  .openapi('SealedPreviewRead')
export const AlertIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
