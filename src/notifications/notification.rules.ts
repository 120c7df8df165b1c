import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'

/** Standard Webhooks secrets: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export const outboxKey = (alertId: string, channel: string) => `alert:${alertId}:opened:${channel}`

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./]

/**
 * A webhook goes to the owner's own endpoint on the public internet. Loopback, private and link-local
 * addresses are refused unless the operator allows them, so a URL cannot aim the server at its own network.
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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return 'must be a public address'
  if (isIP(host) === 4 && PRIVATE_V4.some((re) => re.test(host))) return 'must be a public address'
  if (isIP(host) === 6 && (host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80'))) return 'must be a public address'
  return undefined
}
