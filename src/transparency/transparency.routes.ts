import { createRoute, z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Router } from '../http/router.ts'
import { readTransparencyCounts } from './transparency.repository.ts'

const Counts = z.record(z.string(), z.number())
const TransparencySchema = z
  .object({
    generatedAt: z.string(),
    searches: Counts,
    sightingsHeld: z.number(),
    alerts: Counts,
    shares: z.number(),
    consentRevocations: z.number(),
    sightingsDeletedByRevocation: z.number(),
    thirdPartyDataRequests: Counts.openapi({ description: 'Requests for data from police, agencies or brokers, by the answer given' }),
    lookalikeSearches: z
      .object({ held: z.number(), waiting: z.number(), released: z.number(), refusedByOwner: z.number(), refusedOutright: z.number() })
      .openapi({ description: 'Searches whose photos matched another account’s open search nearby (possible pet-as-proxy tracking)' }),
  })
  .openapi('Transparency')

const transparency = createRoute({
  method: 'get',
  path: '/transparency',
  tags: ['transparency'],
  summary: 'Public counts: searches, sightings held, alerts, shares, deletions, third-party data requests',
  responses: { 200: { description: 'Current counts', content: { 'application/json': { schema: TransparencySchema } } } },
})

export function transparencyRoutes(router: Router, db: Kysely<Database>) {
  router.openapi(transparency, async (c) => {
    const now = new Date()
    return c.json({ generatedAt: now.toISOString(), ...(await readTransparencyCounts(db, now)) }, 200)
  })
}
