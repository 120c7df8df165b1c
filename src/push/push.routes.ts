import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../http/path-params.ts'
import { errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { addPushSubscription, listPushSubscriptions, removePushSubscription } from './push.service.ts'

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'base64url')
const SubscribeBody = z
  .object({
    endpoint: z.string().max(2000),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: Base64Url.max(128), auth: Base64Url.max(64) }).strict(),
  })
  .strict()
  .openapi('PushSubscriptionJSON', { description: 'What PushSubscription.toJSON() returns in the browser' })
const Subscription = z.object({ id: z.uuid(), createdAt: z.string() }).openapi('PushSubscription')
const SubscriptionList = z
  .object({ subscriptions: z.array(z.object({ id: z.uuid(), service: z.string(), createdAt: z.string() })) })
  .openapi('PushSubscriptionList')

const publicKey = createRoute({
  method: 'get',
  path: '/api/push/vapid-public-key',
  tags: ['alerts'],
  summary: 'The server’s VAPID public key: pass it to pushManager.subscribe as applicationServerKey',
  responses: {
    200: jsonResponse(z.object({ publicKey: z.string() }).openapi('VapidPublicKey'), 'Public key (base64url)'),
  },
})
const subscribe = createRoute({
  method: 'post',
  path: '/api/me/push-subscriptions',
  tags: ['alerts'],
  summary: 'Send your camera alerts to this browser as Web Push',
  request: { body: jsonBody(SubscribeBody) },
  responses: { 201: jsonResponse(Subscription, 'Subscribed'), ...errorResponses },
})
const list = createRoute({
  method: 'get',
  path: '/api/me/push-subscriptions',
  tags: ['alerts'],
  summary: 'Your browsers that receive alerts',
  responses: { 200: jsonResponse(SubscriptionList, 'Subscriptions'), ...errorResponses },
})
const unsubscribe = createRoute({
  method: 'delete',
  path: '/api/me/push-subscriptions/{id}',
  tags: ['alerts'],
  summary: 'Stop sending alerts to that browser',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
})

/** The /api/me/* routes rely on the signed-in middleware app.ts mounts there. */
export function pushRoutes(router: Router) {
  router.openapi(publicKey, (c) => c.json({ publicKey: c.var.deps.vapidPublicKey }, 200))
  router.openapi(subscribe, async (c) =>
    c.json(await addPushSubscription(c.var.deps, c.get('user').id, c.req.valid('json')), 201),
  )
  router.openapi(list, async (c) =>
    c.json({ subscriptions: await listPushSubscriptions(c.var.deps, c.get('user').id) }, 200),
  )
  router.openapi(unsubscribe, async (c) => {
    await removePushSubscription(c.var.deps, c.get('user').id, c.req.valid('param').id)
    return c.body(null, 204)
  })
}
