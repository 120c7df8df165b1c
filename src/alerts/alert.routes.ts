import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { streamSSE } from 'hono/streaming'
import { SPECIES } from '../contracts/species.ts'
import { RateLimitedError } from '../errors.ts'
import { limitsOf } from '../http/abuse-limits.ts'
import type { AppEnv } from '../http/env.ts'
import { IdParam } from '../http/path-params.ts'
import { conflictResponse, errorResponses, type Router } from '../http/router.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { AlertListSchema, ListAlertsQuery } from './alert.schema.ts'
import type { AlertEvent } from './alert.events.ts'
import { dismissAlert, listOwnAlerts, listSearchesTouchingCamera, requestAlertShare } from './alert.service.ts'

const listAlerts = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['alerts'],
  summary: 'Possible sightings of lost pets by your cameras (only yours)',
  request: { query: ListAlertsQuery },
  responses: {
    200: { description: 'Newest first', content: { 'application/json': { schema: AlertListSchema } } },
    ...errorResponses,
  },
})
const dismiss = createRoute({
  method: 'post',
  path: '/api/alerts/{id}/dismiss',
  tags: ['alerts'],
  summary: 'Dismiss an alert',
  request: { params: IdParam },
  responses: { 204: { description: 'Dismissed' }, ...errorResponses, ...conflictResponse },
})
const shareRequest = createRoute({
  method: 'post',
  path: '/api/alerts/{id}/share-request',
  tags: ['alerts'],
  summary: 'Ask your camera’s agent to share one snapshot of this alert, sealed to the pet owner’s key',
  request: { params: IdParam },
  responses: {
    202: {
      description: 'Requested: the agent shares on its next poll',
      content: { 'application/json': { schema: z.object({ shareRequestedAt: z.string() }) } },
    },
    ...errorResponses,
    ...conflictResponse,
  },
})

const touchedBy = createRoute({
  method: 'get',
  path: '/api/cameras/{id}/searches',
  tags: ['cameras'],
  summary: 'The searches that touched this camera: time, species, coarse area — not who',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Newest first',
      content: {
        'application/json': {
          schema: z.object({
            searches: z.array(
              z.object({ at: z.string(), species: z.enum(SPECIES), area: CoarseAreaSchema, alertStatus: z.string() }),
            ),
          }),
        },
      },
    },
    ...errorResponses,
  },
})

const STREAM_RETRY_SECONDS = 30

export function alertRoutes(router: Router, signedIn: MiddlewareHandler<AppEnv>) {
  router.use('/api/alerts', signedIn)
  router.use('/api/alerts/*', signedIn)
  // Registered before /api/alerts/{id}/… routes; a plain route, as OpenAPI has no schema for an event stream.
  const openStreams = new Map<string, number>()
  router.get('/api/alerts/stream', (c) => {
    // Each stream holds a connection and a subscription: a few per account (tabs, devices), not a flood.
    const userId = c.get('user').id
    const cap = limitsOf(c.var.deps).eventStreamsPerAccount
    const held = openStreams.get(userId) ?? 0
    if (held >= cap)
      throw new RateLimitedError(`At most ${cap} open alert streams per account; close one first`, STREAM_RETRY_SECONDS)
    openStreams.set(userId, held + 1)
    let released = false
    const release = () => {
      if (released) return
      released = true
      const left = (openStreams.get(userId) ?? 1) - 1
      if (left > 0) openStreams.set(userId, left)
      else openStreams.delete(userId)
    }
    return streamSSE(c, async (stream) => {
      try {
        const queue: AlertEvent[] = []
        let wake: (() => void) | undefined
        const unsubscribe = c.var.deps.alertEvents.subscribe(c.get('user').id, (event) => {
          queue.push(event)
          wake?.()
        })
        let open = true
        stream.onAbort(() => {
          open = false
          unsubscribe()
          release()
          wake?.()
        })
        await stream.writeSSE({ event: 'ready', data: '{}' })
        while (open) {
          const event = queue.shift()
          if (event) {
            await stream.writeSSE({ event: `alert.${event.kind}`, id: event.alertId, data: JSON.stringify(event) })
            continue
          }
          // Wake on the next event, or every 25 s to send a comment that keeps proxies from closing the stream.
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, 25_000).unref()
          })
          wake = undefined
          if (open && queue.length === 0) await stream.write(': keep-alive\n\n')
        }
      } finally {
        release()
      }
    })
  })
  router.openapi(listAlerts, async (c) =>
    c.json({ alerts: await listOwnAlerts(c.var.deps, c.get('user').id, c.req.valid('query').status) }, 200),
  )
  router.openapi(touchedBy, async (c) =>
    c.json({ searches: await listSearchesTouchingCamera(c.var.deps, c.get('user').id, c.req.valid('param').id) }, 200),
  )
  router.openapi(shareRequest, async (c) =>
    c.json(await requestAlertShare(c.var.deps, c.get('user').id, c.req.valid('param').id), 202),
  )
  router.openapi(dismiss, async (c) => {
    await dismissAlert(c.var.deps, c.get('user').id, c.req.valid('param').id)
    return c.body(null, 204)
  })
}
