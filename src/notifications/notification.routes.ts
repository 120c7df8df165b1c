import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { readSettings, updateSettings, type NotificationDeps } from './notification.service.ts'
import { readInbox, readPreferences, updatePreferences } from './notice-settings.service.ts'

const Channels = z
  .object({ email: z.boolean().optional(), push: z.boolean().optional(), inApp: z.boolean().optional() })
  .strict()
const Kinds = z
  .object({ alert: Channels, share: Channels, trail: Channels, found: Channels, relay: Channels })
  .openapi('NotificationKinds', {
    description:
      'Per kind and channel: true unless opted out. alert = your camera’s alerts; the rest reach a pet owner.',
  })
const Settings = z
  .object({
    emailEnabled: z.boolean(),
    webhookUrl: z.string().nullable(),
    webhookSecret: z.string().optional().openapi({ description: 'Only in the answer that set the URL' }),
    timeZone: z.string().openapi({ description: 'IANA zone notifications write times in (default UTC)' }),
    kinds: Kinds,
  })
  .openapi('NotificationSettings')
const UpdateSettings = z
  .object({
    emailEnabled: z.boolean().optional(),
    webhookUrl: z.string().max(2000).nullable().optional(),
    timeZone: z.string().max(64).optional(),
    kinds: Kinds.partial().strict().optional(),
  })
  .strict()
  .openapi('UpdateNotificationSettings')
const Inbox = z
  .object({
    notices: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['share', 'trail', 'found', 'relay']),
        title: z.string(),
        body: z.string(),
        url: z.string(),
        at: z.string(),
      }),
    ),
  })
  .openapi('NotificationInbox')

const getSettings = createRoute({
  method: 'get',
  path: '/api/me/notifications',
  tags: ['alerts'],
  summary: 'How your alerts and notices reach you, and in which time zone',
  responses: { 200: jsonResponse(Settings, 'Settings'), ...errorResponses },
})
const putSettings = createRoute({
  method: 'put',
  path: '/api/me/notifications',
  tags: ['alerts'],
  summary:
    'Turn email on or off; set a signed webhook (Standard Webhooks); opt out per kind and channel; set your time zone',
  request: { body: jsonBody(UpdateSettings) },
  responses: { 200: jsonResponse(Settings, 'Settings'), ...errorResponses },
})

const getInbox = createRoute({
  method: 'get',
  path: '/api/me/inbox',
  tags: ['alerts'],
  summary: 'Your recent notices (shared snapshots, trail, found pets, messages), newest first',
  responses: { 200: jsonResponse(Inbox, 'Notices'), ...errorResponses },
})

export function notificationRoutes(router: Router) {
  const both = async (deps: NotificationDeps, userId: string, settings: Awaited<ReturnType<typeof readSettings>>) => ({
    ...settings,
    ...(await readPreferences(deps.db, userId)),
  })
  router.openapi(getSettings, async (c) =>
    c.json(await both(c.var.deps, c.get('user').id, await readSettings(c.var.deps, c.get('user').id)), 200),
  )
  router.openapi(putSettings, async (c) => {
    const { deps } = c.var
    const userId = c.get('user').id
    const { timeZone, kinds, ...rest } = c.req.valid('json')
    // Preferences first: a bad time zone is refused before a webhook secret is made.
    if (timeZone !== undefined || kinds) await updatePreferences(deps.db, userId, { timeZone, kinds })
    return c.json(await both(deps, userId, await updateSettings(deps, userId, rest)), 200)
  })
  router.openapi(getInbox, async (c) => c.json({ notices: await readInbox(c.var.deps.db, c.get('user').id) }, 200))
}
