import { z } from '@hono/zod-openapi'
import { CoarseAreaSchema } from '../searches/search.schema.ts'
import { SNAPSHOT_REF_PATTERN } from '../sightings/sighting-format.rules.ts'

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url (no padding)')
const Suite = z.object({ kem: z.string(), kdf: z.string(), aead: z.string() })

export const ShareKeyBody = z.object({ publicKey: Base64Url.max(64) }).strict().openapi('ShareKey')
const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/).openapi({ description: 'First 16 hex digits of SHA-256 over the raw public key' })
export const ShareKeySchema = z.object({ publicKey: z.string(), fingerprint: Fingerprint, suite: Suite }).openapi('ShareKeySet')

export const SealedSnapshotBody = z
  .object({
    snapshotRef: z.string().regex(SNAPSHOT_REF_PATTERN, 'letters, digits, _ and - only (at most 24)'),
    enc: Base64Url.max(64),
    ciphertext: Base64Url.max(Math.ceil((4 * 1024 * 1024 * 4) / 3) + 4),
    keyFingerprint: Fingerprint.optional().openapi({
      description: 'The key sealed to; required when the key changed after the alert was raised (the camera owner confirmed it)',
    }),
  })
  .strict()
  .openapi('SealedSnapshot')

export const ShareSummarySchema = z
  .object({ id: z.uuid(), capturedAt: z.string(), area: CoarseAreaSchema, bytes: z.number(), createdAt: z.string() })
  .openapi('ShareSummary')
export const ShareListSchema = z.object({ shares: z.array(ShareSummarySchema) }).openapi('ShareList')
export const SealedShareSchema = ShareSummarySchema.extend({ suite: Suite, enc: z.string(), ciphertext: z.string() }).openapi('SealedShare')

export const DeviceAlertSchema = z
  .object({
    id: z.uuid(),
    pet: z.object({ name: z.string(), species: z.enum(['dog', 'cat']) }),
    sightings: z.array(z.object({ capturedAt: z.string(), snapshotRef: z.string(), similarity: z.number() })),
    shareKey: z
      .object({
        publicKey: z.string(),
        fingerprint: Fingerprint,
        suite: Suite,
        changedSinceAlert: z.boolean().openapi({ description: 'The pet owner replaced the key after this alert was raised: show the fingerprint before sealing' }),
      })
      .nullable(),
    shareRequested: z.boolean().openapi({ description: 'The owner asked from the web that the agent share a snapshot of this alert' }),
    createdAt: z.string(),
  })
  .openapi('DeviceAlert')
export const DeviceAlertListSchema = z.object({ alerts: z.array(DeviceAlertSchema) }).openapi('DeviceAlertList')

export const ShareIdParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  shareId: z.uuid().openapi({ param: { name: 'shareId', in: 'path' } }),
})
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
