import { z } from '@hono/zod-openapi'
import { MAX_BATCH_SIZE, MAX_EMBEDDING_DIMENSION } from './sighting.rules.ts'

const OpaqueId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only (at most 128)')
const EMBEDDING_VALUE_LIMIT = 1000

function isEmbeddingArray(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_EMBEDDING_DIMENSION) return false
  for (const x of value) if (typeof x !== 'number' || !(x >= -EMBEDDING_VALUE_LIMIT && x <= EMBEDDING_VALUE_LIMIT)) return false
  return true
}

/**
 * One loop over the numbers rather than z.array(z.number()), whose parse of each element was the largest
 * cost of ingest (a 100-sighting batch holds 51,200 numbers; bench:ingest profile). Documented as that array.
 */
const Embedding = z
  .custom<number[]>(isEmbeddingArray, { message: `an array of 1 to ${MAX_EMBEDDING_DIMENSION} numbers between -${EMBEDDING_VALUE_LIMIT} and ${EMBEDDING_VALUE_LIMIT}` })
  .openapi({ type: 'array', items: { type: 'number', minimum: -EMBEDDING_VALUE_LIMIT, maximum: EMBEDDING_VALUE_LIMIT }, minItems: 1, maxItems: MAX_EMBEDDING_DIMENSION })

export const SightingInput = z
  .object({
    clientId: OpaqueId.openapi({ description: 'Idempotency key: re-sending it creates no duplicate' }),
    capturedAt: z.iso.datetime({ offset: true }),
    species: z.enum(['dog', 'cat']),
    score: z.number().min(0).max(1),
    modelId: z.string().min(1).max(80),
    embedding: Embedding,
    snapshotRef: OpaqueId.openapi({ description: 'Opaque reference to the snapshot kept on the device' }),
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
