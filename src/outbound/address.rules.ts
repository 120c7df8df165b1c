import ipaddr from 'ipaddr.js'

/**
 * Whether the server may open a connection to this IP address on an owner's behalf (webhook, Web Push).
 * Only global unicast passes: loopback, unspecified, private, link-local, CGNAT, benchmark (198.18/15),
 * multicast, broadcast, documentation and other reserved ranges are refused, and so is any IPv6 form
 * that embeds an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo), unless it maps to a public IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  let ip = ipaddr.parse(address)
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address()
  return ip.range() === 'unicast'
}

// Names that always mean "this machine" or a cloud metadata service, whatever DNS says.
const LOCAL_NAMES = new Set([
  'localhost',
  'ip6-localhost',
  'ip6-loopback',
  'metadata',
  'metadata.google.internal',
  'instance-data',
])
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa', '.lan']

/** The host of a URL with brackets and a trailing root dot removed, lower-cased. */
export const normaliseHost = (hostname: string) =>
  hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()

/** A host name (or IP literal) that is refused before any lookup: a clear 400 instead of a failed delivery later. */
export function isObviouslyLocalHost(hostname: string): boolean {
  const host = normaliseHost(hostname)
  if (ipaddr.isValid(host)) return !isPublicAddress(host)
  if (!host.includes('.')) return true // a single label resolves through /etc/hosts or a search domain, never the public DNS
  return LOCAL_NAMES.has(host) || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))
}

/**
 * A webhook goes to the owner's own endpoint on the public internet. Loopback, private, link-local and
 * other non-public addresses, and names that always mean this machine or its cloud, are refused unless the
 * operator allows them. This is the early, clear 400; the address actually connected to is checked again
 * at every delivery (guarded-connect.ts), which is what stops a name that resolves inward.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http or https'
  if (url.username || url.password) return 'must not carry credentials'
  if (allowPrivate) return undefined
  if (isObviouslyLocalHost(url.hostname)) return 'must be a public address'
  return undefined
}
