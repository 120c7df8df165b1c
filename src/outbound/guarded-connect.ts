import type http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { normaliseHost } from './address.rules.ts'
import { resolveCheckedAddress, type OutboundPolicy } from './outbound-check.ts'

export {
  BlockedAddressError,
  checkOutboundUrl,
  resolveCheckedAddress,
  systemResolve,
  type OutboundPolicy,
  type ResolveHost,
} from './outbound-check.ts'

/** An undici dispatcher whose every connection (each request, each redirect hop) goes to a checked address. */
export function guardedDispatcher(policy: OutboundPolicy, timeoutMs = 5000): Agent {
  const connector = buildConnector({ timeout: timeoutMs })
  return new Agent({
    connect(opts, callback) {
      resolveCheckedAddress(opts.hostname, policy).then(
        ({ address }) => {
          const host = normaliseHost(opts.hostname)
          connector(
            {
              ...opts,
              hostname: address,
              servername: opts.servername ?? (net.isIP(host) ? undefined : host),
            } as typeof opts,
            callback,
          )
        },
        (error: Error) => callback(error, null),
      )
    },
  })
}

/** `fetch` through a guarded dispatcher. */
export function guardedFetch(policy: OutboundPolicy): typeof fetch {
  const dispatcher = guardedDispatcher(policy)
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as typeof fetch
}

/**
 * An https.Agent (what web-push accepts) that connects only to a checked address, keeping the original
 * name for TLS verification. `ca` lets a test trust its own push service.
 */
export class GuardedHttpsAgent extends https.Agent {
  constructor(
    private readonly policy: OutboundPolicy,
    options: https.AgentOptions = {},
  ) {
    super(options)
  }

  override createConnection(
    options: http.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const hostname = options.host ?? 'localhost'
    resolveCheckedAddress(hostname, this.policy).then(
      ({ address }) => {
        const host = normaliseHost(hostname)
        const tlsOptions = options as tls.ConnectionOptions
        const socket = tls.connect({
          ...tlsOptions,
          host: address,
          servername: tlsOptions.servername || (net.isIP(host) ? undefined : host),
        } as tls.ConnectionOptions)
        callback?.(null, socket)
      },
      (error: Error) => callback?.(error, undefined as never),
    )
    return undefined
  }
}
