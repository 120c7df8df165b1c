import { createRoute, z } from '@hono/zod-openapi'
import type { Router } from '../http/router.ts'
import { METRICS } from './transparency.rules.ts'
import type { TransparencyReports } from './transparency.service.ts'

const Count = z
  .union([z.number().int(), z.literal('<5')])
  .openapi({ description: 'Exact from 5 up; 1 to 4 shown as "<5"' })
const Counts = z.object(
  Object.fromEntries(METRICS.map((m) => [m, Count])) as Record<(typeof METRICS)[number], typeof Count>,
)
const TransparencySchema = z
  .object({
    generatedAt: z.string().openapi({ description: 'The end of the last completed UTC day the report covers' }),
    from: z.string(),
    to: z.string(),
    smallCountsBelow: z.number(),
    totals: Counts,
    days: z.array(Counts.extend({ day: z.string() })),
    thirdPartyDataRequests: z
      .record(z.string(), z.number())
      .openapi({ description: 'Requests for data from police, agencies or brokers, by the answer given (exact)' }),
  })
  .openapi('Transparency')

const route = (path: string) =>
  createRoute({
    method: 'get',
    path,
    tags: ['transparency'],
    summary:
      'Public counts per completed UTC day: searches, matches, owners’ decisions, deletions, third-party data requests',
    description:
      'Today is never included, and small counts are bucketed, so the report cannot follow one camera or one person. Browsers asking for HTML at /transparency get a page.',
    responses: {
      200: {
        description: 'The last 30 completed days',
        content: { 'application/json': { schema: TransparencySchema } },
      },
    },
  })

export function transparencyRoutes(router: Router, report: TransparencyReports) {
  for (const path of ['/transparency', '/transparency.json'])
    router.openapi(route(path), async (c) => c.json(await report(c.var.deps.db, c.var.deps.now()), 200))
}
