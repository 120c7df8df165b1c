// Where a URL may point, without connecting: needs only DNS, so the API answers it on every runtime (on Workers
// node:dns resolves over DNS-over-HTTPS). The connecting half (undici, https agents) is guarded-connect.ts.
import dns from 'node:dns'
import net from 'node:net'
import { isObviouslyLocalHost, isPublicAddress, normaliseHost } from './address.rules.ts'

/** Resolves a host name to every address it has (as dns.lookup with `all: true`). Tests inject their own. */
export type ResolveHost = (host: string) => Promise<readonly { address: string; family: number }[]>

export const systemResolve: ResolveHost = (host) => dns.promises.lookup(host, { all: true, verbatim: true })

export class BlockedAddressError extends Error {
  readonly code = 'ERR_BLOCKED_ADDRESS'
  constructor(host: string, address?: string) {
    super(
      address
        ? `refused to connect to ${host}: it resolves to ${address}, not a public address`
        : `refused to connect to ${host}: not a public address`,
    )
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
export async function resolveCheckedAddress(
  hostname: string,
  policy: OutboundPolicy,
): Promise<{ address: string; family: number }> {
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
