import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, type Router } from '../http/router.ts'
import { listAuditEntriesAbout } from './audit.repository.ts'

const AuditEntrySchema = z
  .object({
    seq: z.string(),
    at: z.string(),
    actorType: z.enum(['user', 'device', 'system']),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AuditEntry')

const listMyAudit = createRoute({
  method: 'get',
  path: '/api/me/audit',
  tags: ['transparency'],
  summary: 'The audit trail of everything done with or to your data',
  request: {
    query: z.object({
      before: z
        .string()
        .regex(/^\d{1,19}$/)
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: 'Newest first',
      content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntrySchema) }) } },
    },
    ...errorResponses,
  },
})

export function auditRoutes(router: Router) {
  router.openapi(listMyAudit, async (c) => {
    const { before, limit } = c.req.valid('query')
    const rows = await listAuditEntriesAbout(c.var.deps.db, c.get('user').id, { beforeSeq: before, limit })
    const entries = rows.map((row) => ({
      seq: String(row.seq),
      at: row.at.toISOString(),
      actorType: row.actor_type,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      details: row.details,
      hash: row.hash,
    }))
    return c.json({ entries }, 200)
  })
}
