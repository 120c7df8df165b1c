import { randomBytesOf, toBase64 } from '../web-crypto.ts'

/** Standard Webhooks secrets: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${toBase64(randomBytesOf(32))}`
}

export const outboxKey = (alertId: string, channel: string) => `alert:${alertId}:opened:${channel}`
