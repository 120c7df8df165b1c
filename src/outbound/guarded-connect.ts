import dns from 'node:dns'
import type http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { isObviouslyLocalHost, isPublicAddress, normaliseHost } from './address.rules.ts'

/** Resolves a host name to every address it has (as dns.lookup with `all: true`). Tests inject their own. */
export type ResolveHost = (host: string) => Promise<readonly { address: string; family: number }[]>

export const systemResolve: ResolveHost = (host) => dns.promises.lookup(host, { all: true, verbatim: true })

export class BlockedAddressError extends Error {
  readonly code = 'ERR_BLOCKED_ADDRESS'
  constructor(host: string, address?: string) {
    super(address ? `refused to connect to ${host}: it resolves to ${address}, not a public address` : `refused to connect to ${host}: not a public address`)
  }
}

export interface OutboundPolicy {
  /** ALLOW_PRIVATE_WEBHOOKS: a home install may deliver to its own network. */
  readonly allowPrivate: boolean
  readonly resolve?: ResolveHost | undefined
}

/**
 * When a URL is saved: a name that does not resolve, or resolves inward now, is a clear 400. Passing
 * here proves nothing about later; every connection is checked again (DNS answers change).
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<string | undefined> {
  if (policy.allowPrivate) return undefined
  try {
    await resolveCheckedAddress(new URL(raw).hostname, policy)
    return undefined
  } catch (error) {
    return error instanceof BlockedAddressError ? 'must be a public address' : 'host name does not resolve'
  }
}

/**
 * The one address the socket will connect to, checked now — at delivery time, for this very connection —
 * so a name that changed its answer since the URL was saved (DNS rebinding) is caught. Every address the
 * name has must be public: a mixed answer is refused rather than hoping the public one is picked.
 */
export async function resolveCheckedAddress(hostname: string, policy: OutboundPolicy): Promise<{ address: string; family: number }> {
  const host = normaliseHost(hostname)
  const literal = net.isIP(host)
  if (literal) {
    if (!policy.allowPrivate && !isPublicAddress(host)) throw new BlockedAddressError(host)
    return { address: host, family: literal }
  }
  if (!policy.allowPrivate && isObviouslyLocalHost(host)) throw new BlockedAddressError(host)
  const addresses = await (policy.resolve ?? systemResolve)(host)
  if (addresses.length === 0) throw new BlockedAddressError(host)
  const blocked = policy.allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address))
  if (blocked) throw new BlockedAddressError(host, blocked.address)
  return addresses[0]!
}

/** An undici dispatcher whose every connection (each request, each redirect hop) goes to a checked address. */
export function guardedDispatcher(policy: OutboundPolicy, timeoutMs = 5000): Agent {
  const connector = buildConnector({ timeout: timeoutMs })
  return new Agent({
    connect(opts, callback) {
      resolveCheckedAddress(opts.hostname, policy).then(
        ({ address }) => {
          const host = normaliseHost(opts.hostname)
          connector({ ...opts, hostname: address, servername: opts.servername ?? (net.isIP(host) ? undefined : host) } as typeof opts, callback)
        },
        (error: Error) => callback(error, null),
      )
    },
  })
}

/** `fetch` through a guarded dispatcher. */
export function guardedFetch(policy: OutboundPolicy): typeof fetch {
  const dispatcher = guardedDispatcher(policy)
  return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch
}

/**
 * An https.Agent (what web-push accepts) that connects only to a checked address, keeping the original
 * name for TLS verification. `ca` lets a test trust its own push service.
 */
export class GuardedHttpsAgent extends https.Agent {
  constructor(private readonly policy: OutboundPolicy, options: https.AgentOptions = {}) {
    super(options)
  }

  override createConnection(options: http.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    const hostname = options.host ?? 'localhost'
    resolveCheckedAddress(hostname, this.policy).then(
      ({ address }) => {
        const host = normaliseHost(hostname)
        const tlsOptions = options as tls.ConnectionOptions
        const socket = tls.connect({ ...tlsOptions, host: address, servername: tlsOptions.servername || (net.isIP(host) ? undefined : host) } as tls.ConnectionOptions)
        callback?.(null, socket)
      },
      (error: Error) => callback?.(error, undefined as never),
    )
    return undefined
  }
}
