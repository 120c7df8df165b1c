import type { Logger } from 'pino'
import { SHARE_REQUEST_MAX_WAIT_SECONDS, ShareRequestList } from '../../contracts/share-request-wire.ts'
import { loadDevice, loadToken, type AgentPaths } from '../device.ts'
import { classifyFailure, ServerError } from '../server-client.ts'

export interface ShareRequestWait {
  /** 'long-poll' while waiting on the server; 'fallback' once an old server answered 404 (the timed poll remains). */
  readonly mode: () => 'long-poll' | 'fallback' | 'stopped'
  stop(): Promise<void>
}

export interface ShareRequestWaitDeps {
  readonly logger: Logger
  /** A request arrived: share now (the timed poller's pollOnce, so both never run a pass at once). */
  readonly onRequests: () => Promise<unknown>
  /** The server refused the token (consent revoked or lapsed). */
  readonly onRevoked: (err: ServerError) => void
  readonly waitSeconds?: number
  /** After a failed request; doubled up to a minute. */
  readonly retryMs?: number
}

/**
 * Learns of a web share request within seconds: holds GET /api/devices/share-requests open (the server
 * answers when the owner asks, or empty after `wait`) and shares at once. The timed poll keeps running
 * beside it for Home Assistant and for alerts still waiting on the pet owner's key; an older server
 * without the route (404) leaves the timed poll alone, as before.
 */
export async function startShareRequestWait(
  paths: AgentPaths,
  deps: ShareRequestWaitDeps,
): Promise<ShareRequestWait | undefined> {
  const [device, token] = await Promise.all([loadDevice(paths), loadToken(paths)])
  if (!device || !token) return undefined
  const base = device.server.replace(/\/+$/, '')
  const wait = Math.min(deps.waitSeconds ?? SHARE_REQUEST_MAX_WAIT_SECONDS, SHARE_REQUEST_MAX_WAIT_SECONDS)
  const stopper = new AbortController()
  let mode: 'long-poll' | 'fallback' | 'stopped' = 'long-poll'
  let since: string | null = null

  async function once(): Promise<void> {
    const query = new URLSearchParams({ wait: String(wait), ...(since && { since }) })
    // The server holds it up to `wait` seconds; a margin for the network, then the request is given up.
    const signal = AbortSignal.any([stopper.signal, AbortSignal.timeout((wait + 15) * 1000)])
    let res: Response
    try {
      res = await fetch(`${base}/api/devices/share-requests?${query}`, {
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        signal,
      })
    } catch (err) {
      throw new ServerError(0, 'UNREACHABLE', `${base} unreachable: ${(err as Error).message}`)
    }
    const text = await res.text()
    if (!res.ok) {
      let error: { code?: string; message?: string } = {}
      try {
        error = (JSON.parse(text) as { error?: typeof error }).error ?? {}
      } catch {
        // a proxy's page, not our error shape
      }
      throw new ServerError(res.status, error.code ?? `HTTP_${res.status}`, error.message ?? res.statusText)
    }
    const reply = ShareRequestList.parse(JSON.parse(text))
    if (reply.cursor) since = reply.cursor
    if (reply.requests.length > 0) {
      deps.logger.info({ requests: reply.requests.length }, 'share requested on the web; sharing now')
      await deps
        .onRequests()
        .catch((err: Error) =>
          deps.logger.warn({ err: err.message }, 'requested share failed; the timed poll tries again'),
        )
    }
  }

  const loop = (async () => {
    let backoff = deps.retryMs ?? 5_000
    while (!stopper.signal.aborted) {
      try {
        await once()
        backoff = deps.retryMs ?? 5_000
      } catch (err) {
        if (stopper.signal.aborted) break
        if (err instanceof ServerError && err.status === 404) {
          mode = 'fallback'
          deps.logger.info('server has no share-request long-poll (older version); shares wait for the timed poll')
          return
        }
        if (classifyFailure(err) === 'revoked') {
          mode = 'stopped'
          deps.onRevoked(err as ServerError)
          return
        }
        deps.logger.warn(
          { err: (err as Error).message, retryInMs: backoff },
          'share-request long-poll failed; will retry',
        )
        await sleep(backoff, stopper.signal)
        backoff = Math.min(backoff * 2, 60_000)
      }
    }
  })()

  return {
    mode: () => mode,
    async stop() {
      if (mode === 'long-poll') mode = 'stopped'
      stopper.abort()
      await loop
    },
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref()
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
