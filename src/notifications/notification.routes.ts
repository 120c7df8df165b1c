import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { readSettings, updateSettings, type NotificationDeps } from './notification.service.ts'

const Settings = z
  .object({ emailEnabled: z.boolean(), webhookUrl: z.string().nullable(), webhookSecret: z.string().optional().openapi({ description: 'Only in the answer that set the URL' }) })
  .openapi('NotificationSettings')
const UpdateSettings = z
  .object({ emailEnabled: z.boolean().optional(), webhookUrl: z.string().max(2000).nullable().optional() })
  .strict()
  .openapi('UpdateNotificationSettings')

const getSettings = createRoute({
  method: 'get', path: '/api/me/notifications', tags: ['alerts'], summary: 'How your camera alerts reach you',
  responses: { 200: jsonResponse(Settings, 'Settings'), ...errorResponses },
})
const putSettings = createRoute({
  method: 'put', path: '/api/me/notifications', tags: ['alerts'], summary: 'Turn email on or off; set a signed webhook (Standard Webhooks)',
  request: { body: jsonBody(UpdateSettings) },
  responses: { 200: jsonResponse(Settings, 'Settings'), ...errorResponses },
})

export function notificationRoutes(router: Router, deps: NotificationDeps) {
  router.openapi(getSettings, async (c) => c.json(await readSettings(deps, c.get('user').id), 200))
  router.openapi(putSettings, async (c) => c.json(await updateSettings(deps, c.get('user').id, c.req.valid('json')), 200))
}
