import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../http/path-params.ts'
import { conflictResponse, errorResponses, jsonBody, jsonResponse, type Router } from '../http/router.ts'
import { listThanksRecipients, sendThanks } from './thanks.service.ts'

const Recipient = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('finder'), foundReportId: z.uuid() }).strict(),
    z.object({ kind: z.literal('camera owner'), shareId: z.uuid() }).strict(),
  ])
  .openapi('ThanksRecipientRef')
const ThanksBody = z
  .object({ to: Recipient, body: z.string().trim().min(1).max(2000) })
  .strict()
  .openapi('ThanksBody')
const RecipientItem = z
  .object({
    kind: z.enum(['finder', 'camera owner']),
    foundReportId: z.uuid().optional(),
    shareId: z.uuid().optional(),
    at: z.string().openapi({ description: 'When the pet was found, or the snapshot taken' }),
    reunited: z.boolean().openapi({ description: 'This found report was marked as the reunion' }),
  })
  .openapi('ThanksRecipient')
const Sent = z.object({ id: z.uuid() }).passthrough().openapi('ThanksSent')

const recipients = createRoute({
  method: 'get',
  path: '/api/searches/{id}/thanks/recipients',
  tags: ['relay'],
  summary:
    'Who you may thank: finders of matching found reports and camera owners who shared a snapshot (never who they are)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ recipients: z.array(RecipientItem) }), 'Recipients'), ...errorResponses },
})
const send = createRoute({
  method: 'post',
  path: '/api/searches/{id}/thanks',
  tags: ['relay'],
  summary: 'Thank a finder or camera owner through the relay, once the pet is home (one thank-you per camera owner)',
  request: { params: IdParam, body: jsonBody(ThanksBody) },
  responses: { 201: jsonResponse(Sent, 'The thread with your message'), ...errorResponses, ...conflictResponse },
})

/** Signed in by searchRoutes' `/api/searches/*` middleware, mounted first. */
export function thanksRoutes(router: Router) {
  router.openapi(recipients, async (c) =>
    c.json({ recipients: await listThanksRecipients(c.var.deps, c.get('user').id, c.req.valid('param').id) }, 200),
  )
  router.openapi(send, async (c) => {
    const { to, body } = c.req.valid('json')
    return c.json(await sendThanks(c.var.deps, c.get('user').id, c.req.valid('param').id, to, body), 201)
  })
}
