import { randomBytes } from 'node:crypto'
import { isObviouslyLocalHost } from '../outbound/address.rules.ts'

/** Standard Webhooks secrets: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export const outboxKey = (alertId: string, channel: string) => `alert:${alertId}:opened:${channel}`

/**
 * A webhook goes to the owner's own endpoint on the public internet. Loopback, private, link-local and
 * other non-public addresses, and names that always mean this machine or its cloud, are refused unless the
 * operator allows them. This is the early, clear 400; the address actually connected to is checked again
 * at every delivery (src/outbound/guarded-connect.ts), which is what stops a name that resolves inward.
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
