import type { Hono } from 'hono'
import type { Auth } from '../accounts/auth.ts'
import type { AppEnv } from './env.ts'
import { errorBody } from './error-handler.ts'

/**
 * Mounts better-auth under /api/auth (sign-up/email, sign-in/email, sign-out, get-session, …). Its error
 * replies are reshaped into the API's `{ error: { code, message } }` so clients see one error format.
 */
export function mountAuthRoutes(app: Hono<AppEnv>, auth: Auth) {
  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    const response = await auth.handler(c.req.raw)
    if (response.status < 400 || !response.headers.get('content-type')?.includes('application/json')) return response
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string }
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(JSON.stringify(errorBody(body.code ?? 'AUTH_ERROR', body.message ?? 'Authentication failed')), {
      status: response.status,
      headers,
    })
  })
}
