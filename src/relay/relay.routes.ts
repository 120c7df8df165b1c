import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { IdParam } from '../http/path-params.ts'
import { conflictResponse, errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { contactFinder, contactPetOwner, getThread, listThreads, reply } from './relay.service.ts'

const MessageBody = z
  .object({ body: z.string().trim().min(1).max(2000) })
  .strict()
  .openapi('RelayMessageBody')
const Role = z.enum(['pet owner', 'contact'])
const ThreadSummary = z.object({
  id: z.uuid(),
  pet: z.object({ searchId: z.uuid(), name: z.string() }),
  you: Role,
  with: Role,
  lastMessageAt: z.string(),
  guest: z.boolean().openapi({ description: 'The contact has no account (guest help)' }),
})
const Sighting = z
  .object({ seenAt: z.string(), area: CoarseAreaSchema, photoUrl: z.string().nullable() })
  .nullable()
  .openapi({ description: 'A guest’s “I saw this pet”: when, and the coarse area only' })
const Message = z.object({ id: z.uuid(), fromYou: z.boolean(), body: z.string(), at: z.string(), sighting: Sighting })
const Thread = ThreadSummary.extend({ messages: z.array(Message) }).openapi('RelayThread')

const contact = createRoute({
  method: 'post',
  path: '/api/lost-pets/{id}/messages',
  tags: ['relay'],
  summary: 'Write to a lost pet’s owner through the relay: neither side sees the other’s email',
  request: { params: IdParam, body: jsonBody(MessageBody) },
  responses: { 201: jsonResponse(Thread, 'Thread with your message'), ...errorResponses, ...conflictResponse },
})
const FoundMatchParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'Your search' }),
  foundId: z.uuid().openapi({
    param: { name: 'foundId', in: 'path' },
    description: 'A found pet listed in your search’s found-matches',
  }),
})
const contactFinderRoute = createRoute({
  method: 'post',
  path: '/api/searches/{id}/found-matches/{foundId}/messages',
  tags: ['relay'],
  summary:
    'Write to the finder of a found pet that matches your search, through the relay: neither side sees the other’s email',
  request: { params: FoundMatchParams, body: jsonBody(MessageBody) },
  responses: { 201: jsonResponse(Thread, 'Thread with your message'), ...errorResponses, ...conflictResponse },
})
const threads = createRoute({
  method: 'get',
  path: '/api/threads',
  tags: ['relay'],
  summary: 'Your relay threads, as pet owner and as contact',
  responses: { 200: jsonResponse(z.object({ threads: z.array(ThreadSummary) }), 'Threads'), ...errorResponses },
})
const thread = createRoute({
  method: 'get',
  path: '/api/threads/{id}',
  tags: ['relay'],
  summary: 'One thread you take part in',
  request: { params: IdParam },
  responses: { 200: jsonResponse(Thread, 'Thread'), ...errorResponses },
})
const replyRoute = createRoute({
  method: 'post',
  path: '/api/threads/{id}/messages',
  tags: ['relay'],
  summary: 'Reply in a thread you take part in',
  request: { params: IdParam, body: jsonBody(MessageBody) },
  responses: { 201: jsonResponse(Thread, 'Thread with your reply'), ...errorResponses },
})

export function relayRoutes(router: Router, signedIn: MiddlewareHandler<AppEnv>) {
  router.use('/api/lost-pets/:id/messages', signedIn)
  router.use('/api/threads', signedIn)
  router.use('/api/threads/*', signedIn)
  router.openapi(contact, async (c) =>
    c.json(await contactPetOwner(c.var.deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json').body), 201),
  )
  // Signed in by searchRoutes' `/api/searches/*` middleware, mounted first.
  router.openapi(contactFinderRoute, async (c) => {
    const { id, foundId } = c.req.valid('param')
    return c.json(await contactFinder(c.var.deps, c.get('user').id, id, foundId, c.req.valid('json').body), 201)
  })
  router.openapi(threads, async (c) => c.json({ threads: await listThreads(c.var.deps, c.get('user').id) }, 200))
  router.openapi(thread, async (c) =>
    c.json(await getThread(c.var.deps, c.get('user').id, c.req.valid('param').id), 200),
  )
  router.openapi(replyRoute, async (c) =>
    c.json(await reply(c.var.deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json').body), 201),
  )
}
