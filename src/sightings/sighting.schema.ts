import { z } from '@hono/zod-openapi'
import { CLIENT_ID_PATTERN, embeddingProblem, SNAPSHOT_REF_PATTERN, UNIT_NORM_TOLERANCE } from './sighting-format.rules.ts'
import { MAX_BATCH_SIZE, MAX_EMBEDDING_DIMENSION } from './sighting.rules.ts'

// Strict formats, so no field can carry image bytes (issue #20): base64url in a 128-character id, or bytes packed
// into embedding values, passed the old filters. What is left is the id's 24 characters (the agent's refs are 18).
const SnapshotRef = z.string().regex(SNAPSHOT_REF_PATTERN, 'letters, digits, _ and - only (at most 24)')
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
  .openapi({
    type: 'array',
    items: { type: 'number', minimum: -1, maximum: 1 },
    minItems: 1,
    maxItems: MAX_EMBEDDING_DIMENSION,
    description: `L2-normalised (length 1 ± ${UNIT_NORM_TOLERANCE}); stored as 16-bit floats (halfvec)`,
  })

export const SightingInput = z
  .object({
    clientId: ClientId.openapi({ description: 'Idempotency key: re-sending it creates no duplicate' }),
    capturedAt: z.iso.datetime({ offset: true }),
    species: z.enum(['dog', 'cat']),
    score: z.number().min(0).max(1),
    modelId: z.string().min(1).max(80),
    embedding: Embedding,
    snapshotRef: SnapshotRef.openapi({ description: 'Opaque reference to the snapshot kept on the device' }),
  })
  .strict()
  .openapi('Sighting')

export const SightingBatchBody = z
  .object({ sightings: z.array(SightingInput).min(1).max(MAX_BATCH_SIZE) })
  .strict()
  .refine((body) => new Set(body.sightings.map((s) => s.clientId)).size === body.sightings.length, {
    message: 'each clientId may appear once per batch',
    path: ['sightings'],
  })
  .openapi('SightingBatch')

export const SightingBatchResult = z
  .object({
    accepted: z.number().openapi({ description: 'Newly stored' }),
    duplicates: z.number().openapi({ description: 'Already stored by an earlier send' }),
    expired: z.number().openapi({ description: 'Older than the camera’s retention: not stored' }),
  })
  .openapi('SightingBatchResult')
