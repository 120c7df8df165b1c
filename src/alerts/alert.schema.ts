import { z } from '@hono/zod-openapi'
import { SPECIES } from '../contracts/species.ts'

export const ListAlertsQuery = z.object({ status: z.enum(['pending', 'dismissed', 'shared', 'withdrawn']).optional() })

export const AlertSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['pending', 'dismissed', 'shared', 'withdrawn']),
    camera: z.object({ id: z.uuid(), name: z.string() }),
    pet: z
      .object({
        searchId: z.uuid(),
        name: z.string(),
        species: z.enum(SPECIES),
        photoUrl: z.string().nullable(),
        searchStatus: z.string(),
      })
      .openapi({ description: 'Only what the lost-pet page shows publicly: never the owner or the exact point' }),
    bestSimilarity: z.number(),
    sightings: z.array(
      z.object({
        capturedAt: z.string(),
        snapshotRef: z.string().openapi({ description: 'The agent’s local reference: the image stays on the device' }),
        similarity: z.number(),
      }),
    ),
    shareRequestedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When you asked your agent to share a snapshot; it does so on its next poll' }),
    shareReady: z.boolean().openapi({
      description:
        'Whether the pet owner has set up encrypted sharing. Until then a requested share waits on your agent: there is no key to seal the snapshot to',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Alert')

export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) }).openapi('AlertList')
