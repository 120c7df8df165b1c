import { randomBytes } from 'node:crypto'

/** Standard Webhooks secrets: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export const outboxKey = (alertId: string, channel: string) => `alert:${alertId}:opened:${channel}`
