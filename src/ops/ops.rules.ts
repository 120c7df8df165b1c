import { secretsEqual } from '../web-crypto.ts'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/
/** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const

export interface MetricsRequest {
  readonly remoteAddress: string | undefined
  readonly headers: (name: string) => string | undefined
}

/**
 * Who may read /metrics. With a token configured, whoever sends it as a bearer token. Without one, only
 * a client on this machine that came straight to the socket: a reverse proxy on the same host makes every
 * request look local, so one carrying a forwarding header is refused.
 */
export async function mayReadMetrics(request: MetricsRequest, token: string | undefined): Promise<boolean> {
  if (token !== undefined) {
    const sent = /^Bearer (.+)$/.exec(request.headers('authorization') ?? '')?.[1]
    if (!sent) return false
    return secretsEqual(sent, token)
  }
  if (FORWARDING_HEADERS.some((h) => request.headers(h) !== undefined)) return false
  return request.remoteAddress !== undefined && LOOPBACK.test(request.remoteAddress)
}

/** Migrations in sql/ that the database has not recorded as applied. */
export function pendingMigrations(shipped: readonly string[], applied: ReadonlySet<string>): string[] {
  return shipped.filter((version) => !applied.has(version))
}
