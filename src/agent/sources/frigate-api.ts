// Frigate's HTTP API, on the local network only: the event snapshot and, on the authenticated port
// (8971), a login. Port 5000 is Frigate's internal unauthenticated API; 8971 wants a JWT, which
// POST /api/login returns as the `frigate_token` cookie and which is also accepted as a Bearer token.

export interface FrigateApiOptions {
  /** e.g. http://127.0.0.1:5000, or https://user:pass@frigate.lan:8971 (credentials go to /api/login). */
  readonly url: string
  /** Password from a file instead of the URL (kept out of `ps` and shell history). */
  readonly password?: string
  readonly timeoutMs?: number
}

export class FrigateApiError extends Error {
  override readonly name = 'FrigateApiError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface FrigateApi {
  /** Where requests go, without credentials: for logs and `status`. */
  readonly shown: string
  readonly authenticated: boolean
  /**
   * The event's current best snapshot, full frame and clean: no box, no timestamp, no crop drawn in,
   * so the agent's own detector and embedder see the camera's pixels. (These query options apply only
   * while the event is in progress; afterwards Frigate serves the saved snapshot as configured.)
   */
  eventSnapshot(eventId: string): Promise<Buffer>
}

const SNAPSHOT_QUERY = 'bbox=0&timestamp=0&crop=0&quality=95'

export function frigateApi(options: FrigateApiOptions): FrigateApi {
  const url = new URL(options.url)
  const user = decodeURIComponent(url.username)
  const password = options.password ?? decodeURIComponent(url.password)
  url.username = ''
  url.password = ''
  const base = url.toString().replace(/\/+$/, '')
  const shown = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
  const timeoutMs = options.timeoutMs ?? 10_000
  let token: string | undefined
  let loggingIn: Promise<string> | undefined

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause
      throw new FrigateApiError(
        0,
        `Frigate at ${shown} unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      )
    }
  }

  async function login(): Promise<string> {
    const res = await request('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    })
    if (!res.ok)
      throw new FrigateApiError(
        res.status,
        `Frigate login as ${user} refused (HTTP ${res.status}): check the user and password`,
      )
    const cookie = res.headers
      .getSetCookie()
      .map((c) => /^frigate_token=([^;]+)/.exec(c)?.[1])
      .find(Boolean)
    if (!cookie) throw new FrigateApiError(res.status, 'Frigate login answered without a frigate_token cookie')
    return cookie
  }

  const authHeader = async (): Promise<Record<string, string>> => {
    if (!user) return {}
    token ??= await (loggingIn ??= login().finally(() => (loggingIn = undefined)))
    return { authorization: `Bearer ${token}` }
  }

  return {
    shown,
    authenticated: Boolean(user),
    async eventSnapshot(eventId) {
      const path = `/api/events/${encodeURIComponent(eventId)}/snapshot.jpg?${SNAPSHOT_QUERY}`
      let res = await request(path, { headers: await authHeader() })
      if (res.status === 401 && user) {
        token = undefined // expired JWT: log in once more
        res = await request(path, { headers: await authHeader() })
      }
      if (res.status === 401 || res.status === 403) {
        throw new FrigateApiError(
          res.status,
          user
            ? `Frigate refused the snapshot (HTTP ${res.status}) although logged in`
            : `Frigate wants a login (HTTP ${res.status}): give the user in the URL (https://user@host:8971) and --frigate-password-file, or use its internal port 5000`,
        )
      }
      if (!res.ok)
        throw new FrigateApiError(res.status, `Frigate has no snapshot for event ${eventId} (HTTP ${res.status})`)
      const type = res.headers.get('content-type') ?? ''
      if (!type.startsWith('image/'))
        throw new FrigateApiError(res.status, `Frigate answered ${type || 'no content type'} instead of an image`)
      return Buffer.from(await res.arrayBuffer())
    },
  }
}
