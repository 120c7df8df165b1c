import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import { limitBody } from '../http/body-limit.ts'
import type { AppEnv } from '../http/env.ts'
import { decimalField } from '../http/form-number.ts'
import { IdParam } from '../http/path-params.ts'
import {
  conflictResponse,
  errorResponses,
  forbiddenResponse,
  jsonBody,
  jsonResponse,
  uploadErrorResponses,
  type Router,
} from '../http/router.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { getGuestThread, readThreadPhoto, replyAsGuest, reportGuestSighting, writeAsGuest } from './guest.service.ts'

// Bots fill every field; people never see this one (it is hidden on the page).
const honeypot = z.string().max(0, 'leave this field empty').optional().openapi({ description: 'Leave empty' })
const GuestMessageBody = z
  .object({ body: z.string().trim().min(1).max(2000), website: honeypot })
  .strict()
  .openapi('GuestMessageBody')
const GuestReplyBody = z
  .object({ body: z.string().trim().min(1).max(2000) })
  .strict()
  .openapi('GuestReplyBody')
const GuestSightingForm = z
  .object({
    seenAt: z.iso.datetime({ offset: true }),
    lat: decimalField(z.number().min(-90).max(90)).openapi({
      description: 'Only the coarse cell around it is stored; send the cell’s centre',
    }),
    lng: decimalField(z.number().min(-180).max(180)),
    note: z.string().trim().max(2000).optional(),
    photo: z
      .instanceof(File)
      .optional()
      .openapi({ type: 'string', format: 'binary', description: 'A dog or cat; people are refused; EXIF is removed' }),
    website: honeypot,
  })
  .strict()
  .openapi('GuestSightingForm')
const Sighting = z.object({ seenAt: z.string(), area: CoarseAreaSchema, photoUrl: z.string().nullable() }).nullable()
const GuestThread = z
  .object({
    pet: z.object({ searchId: z.uuid(), name: z.string() }),
    you: z.literal('guest'),
    with: z.literal('pet owner'),
    expiresAt: z.string(),
    messages: z.array(
      z.object({ id: z.uuid(), fromYou: z.boolean(), body: z.string(), at: z.string(), sighting: Sighting }),
    ),
  })
  .openapi('GuestThread')
const GuestCreated = z
  .object({
    link: z
      .string()
      .openapi({ description: 'The only way back to the replies: shown once, never again (the server keeps a hash)' }),
    token: z.string(),
    expiresAt: z.string(),
    thread: GuestThread,
  })
  .openapi('GuestThreadCreated')
const guestSecurity = [{ guestLink: [] }]
const MessageParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  messageId: z.uuid().openapi({ param: { name: 'messageId', in: 'path' } }),
})

const writeRoute = createRoute({
  method: 'post',
  path: '/api/lost-pets/{id}/guest-messages',
  tags: ['guest help'],
  summary: 'Write to a lost pet’s owner without an account; the answer carries a one-time link to read replies',
  request: { params: IdParam, body: jsonBody(GuestMessageBody) },
  responses: {
    201: jsonResponse(GuestCreated, 'Sent; keep the link'),
    ...errorResponses,
    ...conflictResponse,
    ...forbiddenResponse,
  },
})
const sightingRoute = createRoute({
  method: 'post',
  path: '/api/lost-pets/{id}/guest-sightings',
  tags: ['guest help'],
  summary: '“I saw this pet”, without an account: a time, a coarse place and an optional checked photo',
  middleware: [limitBody(10 * 1024 * 1024 + 64 * 1024)] as const,
  request: {
    params: IdParam,
    body: { required: true, content: { 'multipart/form-data': { schema: GuestSightingForm } } },
  },
  responses: {
    201: jsonResponse(GuestCreated, 'Sent; keep the link'),
    ...uploadErrorResponses,
    ...conflictResponse,
    ...forbiddenResponse,
  },
})
const readRoute = createRoute({
  method: 'get',
  path: '/api/guest/thread',
  tags: ['guest help'],
  security: guestSecurity,
  summary: 'The guest’s own thread (Authorization: Bearer hwg_…); a wrong or expired link is 404',
  responses: { 200: jsonResponse(GuestThread, 'Your thread'), ...errorResponses },
})
const replyRoute = createRoute({
  method: 'post',
  path: '/api/guest/thread/messages',
  tags: ['guest help'],
  security: guestSecurity,
  summary: 'Write again in the guest’s own thread',
  request: { body: jsonBody(GuestReplyBody) },
  responses: { 201: jsonResponse(GuestThread, 'Your thread with your message'), ...errorResponses },
})
const photoRoute = createRoute({
  method: 'get',
  path: '/api/threads/{id}/messages/{messageId}/photo',
  tags: ['relay'],
  summary: 'A guest’s sighting photo, for the pet owner of the thread',
  request: { params: MessageParams },
  responses: { 200: { description: 'JPEG', content: { 'image/jpeg': { schema: z.any() } } }, ...errorResponses },
})

/** The guest's token from `Authorization: Bearer hwg_…`; anything else is no credential at all (401). */
function guestToken(c: Context<AppEnv>): string {
  const match = /^Bearer (hwg_\S{1,100})$/.exec(c.req.header('authorization') ?? '')
  if (!match) throw new AppError('UNAUTHENTICATED', 'A guest link is required (Authorization: Bearer hwg_…)')
  return match[1]!
}

export interface GuestGuards {
  /** Per client address, in memory: on every guest write. */
  readonly writesPerAddress: MiddlewareHandler<AppEnv>
  /** Per client address, in memory: on the guest read (the public-read limit). */
  readonly readsPerAddress: MiddlewareHandler<AppEnv>
  /** Origin checks even without a cookie: another site must not make its visitors' browsers write for it. */
  readonly sameSite: MiddlewareHandler<AppEnv>
}

export function guestRoutes(router: Router, guards: GuestGuards) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'guestLink', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token of a guest’s one-time link (`/guest#hwg_…`), from a guest message or sighting.',
  })
  for (const path of [
    '/api/lost-pets/:id/guest-messages',
    '/api/lost-pets/:id/guest-sightings',
    '/api/guest/thread/messages',
  ])
    router.on('POST', path, guards.sameSite, guards.writesPerAddress)
  router.on('GET', '/api/guest/thread', guards.readsPerAddress)
  // Before the body is validated: without a guest link, nothing else is said (401).
  router.use('/api/guest/*', async (c, next) => {
    guestToken(c)
    await next()
  })
  router.openapi(writeRoute, async (c) =>
    c.json(await writeAsGuest(c.var.deps, c.req.valid('param').id, c.req.valid('json').body), 201),
  )
  router.openapi(sightingRoute, async (c) =>
    c.json(await reportGuestSighting(c.var.deps, c.req.valid('param').id, c.req.valid('form')), 201),
  )
  router.openapi(readRoute, async (c) => c.json(await getGuestThread(c.var.deps, guestToken(c)), 200))
  router.openapi(replyRoute, async (c) =>
    c.json(await replyAsGuest(c.var.deps, guestToken(c), c.req.valid('json').body), 201),
  )
  // Signed in by relayRoutes' `/api/threads/*` middleware.
  router.openapi(photoRoute, async (c) => {
    const { id, messageId } = c.req.valid('param')
    const bytes = await readThreadPhoto(c.var.deps, c.get('user').id, id, messageId)
    return c.body(new Uint8Array(bytes), 200, { 'content-type': 'image/jpeg', 'x-content-type-options': 'nosniff' })
  })
}
