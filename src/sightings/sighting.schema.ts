import { z } from '@hono/zod-openapi'
import { MAX_BATCH_SIZE, MAX_EMBEDDING_DIMENSION } from './sighting.rules.ts'

const OpaqueId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only (at most 128)')

export const SightingInput = z
  .object({
    clientId: OpaqueId.openapi({ description: 'Idempotency key: re-sending it creates no duplicate' }),
    capturedAt: z.iso.datetime({ offset: true }),
    species: z.enum(['dog', 'cat']),
    score: z.number().min(0).max(1),
    modelId: z.string().min(1).max(80),
    embedding: z.array(z.number().min(-1000).max(1000)).min(1).max(MAX_EMBEDDING_DIMENSION),
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
