import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, forbiddenResponse, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { countAccountData } from './account-data.repository.ts'
import { deleteAccount } from './account-deletion.service.ts'

const AccountData = z
  .object({
    searches: z.number(),
    photos: z.number(),
    cameras: z.number(),
    sightings: z.number(),
    alerts: z.number(),
    shares: z.number(),
    threads: z.number(),
    messages: z.number(),
    foundReports: z.number(),
    pushSubscriptions: z.number(),
    sessions: z.number(),
    webhook: z.boolean(),
  })
  .openapi('AccountData')

const DeleteAccount = z
  .object({ password: z.string().min(1).max(128) })
  .strict()
  .openapi('DeleteAccount')

const getData = createRoute({
  method: 'get',
  path: '/api/me/data',
  tags: ['transparency'],
  summary: 'How much your account holds, feature by feature',
  responses: { 200: jsonResponse(AccountData, 'Counts'), ...errorResponses },
})
const deleteMe = createRoute({
  method: 'delete',
  path: '/api/me/account',
  tags: ['accounts'],
  summary:
    'Delete your account and everything it owns (searches, photos, cameras, sightings, shares, threads, subscriptions, sessions)',
  description: 'Your password confirms it. One transaction; the audit log keeps one entry that names nobody.',
  request: { body: jsonBody(DeleteAccount) },
  responses: { 204: { description: 'Deleted; every session is gone' }, ...errorResponses, ...forbiddenResponse },
})

export function accountRoutes(router: Router) {
  router.openapi(getData, async (c) => c.json(await countAccountData(c.var.deps.db, c.get('user').id), 200))
  router.openapi(deleteMe, async (c) => {
    await deleteAccount(c.var.deps, c.get('user'), c.req.valid('json').password)
    return c.body(null, 204)
  })
}
