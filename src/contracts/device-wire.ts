import { z } from 'zod'
import {
  CLIENT_ID_PATTERN,
  embeddingProblem,
  MAX_EMBEDDING_DIMENSION,
  SNAPSHOT_REF_PATTERN,
  UNIT_NORM_TOLERANCE,
} from './sighting-format.ts'
import { SPECIES } from './species.ts'

export { MAX_EMBEDDING_DIMENSION } from './sighting-format.ts'

/**
 * The wire between a camera agent and the server: every body on the device routes (/api/devices/*,
 * /api/sightings/batch). The server's routes wrap these schemas with their OpenAPI names, the agent
 * builds and reads its bodies from the same types, and this file imports nothing but zod: no server
 * code, no Node API (only zod and the pure sighting-format.ts), so it bundles into the agent and would run in any runtime.
 */

export const MAX_BATCH_SIZE = 500

/** The one HPKE suite (RFC 9180, base mode) shares use: X25519 key encapsulation, HKDF-SHA256, AES-128-GCM. */
export const SHARE_SUITE = { kem: 'DHKEM(X25519, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-128-GCM' } as const

export const Species = z.enum(SPECIES)
export const OpaqueId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only (at most 128)')
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url (no padding)')
export const Suite = z.object({ kem: z.string(), kdf: z.string(), aead: z.string() })
export const Fingerprint = z
  .string()
  .regex(/^[0-9a-f]{16}$/)
  .meta({ description: 'First 16 hex digits of SHA-256 over the raw public key' })

/** The agent's snapshot refs: 24 characters leave room for its ids, not for an image. */
export const SnapshotRef = z.string().regex(SNAPSHOT_REF_PATTERN, 'letters, digits, _ and - only (at most 24)')
const ClientId = z.string().regex(CLIENT_ID_PATTERN, 'letters, digits and . _ : - only (at most 40)')

/**
 * One loop over the numbers rather than z.array(z.number()), whose parse of each element was the largest
 * cost of ingest (a 100-sighting batch holds 51,200 numbers; bench:ingest profile). Documented as that array.
 */
const Embedding = z
  .custom<number[]>()
  .superRefine((value, ctx) => {
    const problem = embeddingProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .meta({
    type: 'array',
    items: { type: 'number', minimum: -1, maximum: 1 },
    minItems: 1,
    maxItems: MAX_EMBEDDING_DIMENSION,
    description: `L2-normalised (length 1 ± ${UNIT_NORM_TOLERANCE}); stored as 16-bit floats (halfvec)`,
  })

export const SightingInput = z
  .object({
    clientId: ClientId.meta({ description: 'Idempotency key: re-sending it creates no duplicate' }),
    capturedAt: z.iso.datetime({ offset: true }),
    species: Species,
    score: z.number().min(0).max(1),
    modelId: z.string().min(1).max(80),
    embedding: Embedding,
    snapshotRef: SnapshotRef.meta({ description: 'Opaque reference to the snapshot kept on the device' }),
  })
  .strict()

/** A batch of `item`: the server passes its OpenAPI-named SightingInput, so the documentation refers to it. */
export const sightingBatchOf = (item: typeof SightingInput) =>
  z
    .object({ sightings: z.array(item).min(1).max(MAX_BATCH_SIZE) })
    .strict()
    .refine((body) => new Set(body.sightings.map((s) => s.clientId)).size === body.sightings.length, {
      message: 'each clientId may appear once per batch',
      path: ['sightings'],
    })
export const SightingBatchBody = sightingBatchOf(SightingInput)

export const SightingBatchResult = z.object({
  accepted: z.number().meta({ description: 'Newly stored' }),
  duplicates: z.number().meta({ description: 'Already stored by an earlier send' }),
  expired: z.number().meta({ description: 'Older than the camera’s retention: not stored' }),
})

export const PairDeviceBody = z.object({ code: z.string().min(6).max(20) }).strict()
export const DeviceToken = z.object({
  token: z.string().meta({ description: 'Shown once; store it with 0600 permissions' }),
  cameraId: z.uuid(),
  retentionHours: z.number(),
})
export const DeviceCamera = z.object({
  cameraId: z.uuid(),
  retentionHours: z.number(),
  consentExpiresAt: z.string(),
  acceptedModels: z.array(z.object({ id: z.string(), dimension: z.number() })),
})

export const SealedSnapshotBody = z
  .object({
    snapshotRef: SnapshotRef,
    enc: Base64Url.max(64),
    ciphertext: Base64Url.max(Math.ceil((4 * 1024 * 1024 * 4) / 3) + 4),
    keyFingerprint: Fingerprint.optional().meta({
      description:
        'The key sealed to; required when the key changed after the alert was raised (the camera owner confirmed it)',
    }),
  })
  .strict()

/** The camera owner's own key (their browser holds the private half): previews of their frames are sealed to it. */
export const PreviewKey = z.object({ publicKey: z.string(), fingerprint: Fingerprint, suite: Suite })
/** A private preview is small: the longer side at most this, and at most this many bytes before sealing. */
export const PREVIEW_MAX_SIDE = 320
export const PREVIEW_MAX_BYTES = 48 * 1024
export const SealedPreviewBody = z
  .object({
    enc: Base64Url.max(64),
    // Twice the limit still parses, so an oversized preview gets the server's 413 rather than a schema error.
    ciphertext: Base64Url.max(Math.ceil((2 * PREVIEW_MAX_BYTES * 4) / 3)),
    keyFingerprint: Fingerprint.meta({ description: 'The camera owner’s preview key the preview was sealed to' }),
  })
  .strict()

export const DeviceAlert = z.object({
  id: z.uuid(),
  pet: z.object({ name: z.string(), species: Species }),
  sightings: z.array(z.object({ capturedAt: z.string(), snapshotRef: z.string(), similarity: z.number() })),
  shareKey: z
    .object({
      publicKey: z.string(),
      fingerprint: Fingerprint,
      suite: Suite,
      changedSinceAlert: z.boolean().meta({
        description: 'The pet owner replaced the key after this alert was raised: show the fingerprint before sealing',
      }),
    })
    .nullable(),
  shareRequested: z
    .boolean()
    .meta({ description: 'The owner asked from the web that the agent share a snapshot of this alert' }),
  previewKey: PreviewKey.nullable().optional().meta({
    description:
      'Set while the camera owner wants a private preview of this alert: seal it to this key (POST /api/devices/alerts/{id}/preview)',
  }),
  createdAt: z.string(),
})
export const deviceAlertListOf = (item: typeof DeviceAlert) => z.object({ alerts: z.array(item) })
export const DeviceAlertList = deviceAlertListOf(DeviceAlert)

export const PublicSearch = z.object({
  id: z.uuid(),
  species: Species,
  lastSeenAt: z.string(),
  embeddings: z.array(z.object({ modelId: z.string(), vector: z.array(z.number()) })),
})
export const searchFeedOf = (item: typeof PublicSearch) =>
  z.object({ searches: z.array(item), thresholds: z.record(z.string(), z.number()) })
export const SearchFeed = searchFeedOf(PublicSearch)

export const PrivateMatch = z
  .object({
    clientId: ClientId,
    searchId: z.uuid(),
    matchedAt: z.iso.datetime({ offset: true }),
    score: z.number().min(-1).max(1),
  })
  .strict()
export const PrivateMatchesBody = z.object({ matches: z.array(PrivateMatch).min(1).max(200) }).strict()
export const PrivateMatchesResult = z.object({ accepted: z.number(), ignored: z.number() })

export type SightingInput = z.infer<typeof SightingInput>
export type SightingBatchResult = z.infer<typeof SightingBatchResult>
export type DeviceToken = z.infer<typeof DeviceToken>
export type DeviceCamera = z.infer<typeof DeviceCamera>
export type SealedSnapshotBody = z.infer<typeof SealedSnapshotBody>
export type DeviceAlert = z.infer<typeof DeviceAlert>
export type SealedPreviewBody = z.infer<typeof SealedPreviewBody>
export type PublicSearch = z.infer<typeof PublicSearch>
export type SearchFeed = z.infer<typeof SearchFeed>
export type PrivateMatch = z.infer<typeof PrivateMatch>
export type PrivateMatchesResult = z.infer<typeof PrivateMatchesResult>
