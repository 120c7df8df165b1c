// The Worker entry (wrangler.toml `main`): one app per isolate, one database client per request, handed to the
// app's per-request deps through Hono's env (src/edge/edge-runtime.ts resolveDeps).
import type { ExecutionContext } from 'hono'
import type { EdgeEnv } from './edge-env.ts'
import { createEdgeRuntime, type EdgeApp, type EdgeRequestEnv } from './edge-runtime.ts'
import { withRequestDatabase } from './request-db.ts'

let app: EdgeApp | undefined

export default {
  async fetch(request: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response> {
    app ??= createEdgeRuntime(env).app
    const built = app
    // Cloudflare sets this header itself (a client's own value is replaced): the rate limiter's address.
    const clientAddress = request.headers.get('cf-connecting-ip') ?? 'unknown'
    return withRequestDatabase(
      env.HYPERDRIVE,
      async (requestDb) => built.fetch(request, { ...env, clientAddress, requestDb } satisfies EdgeRequestEnv, ctx),
      (done) => ctx.waitUntil(done),
    )
  },
}
