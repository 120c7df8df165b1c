import webpush, { WebPushError } from 'web-push'
import type { NotificationPayload } from '../contracts/notification-payload.ts'
import { GuardedHttpsAgent, type OutboundPolicy } from '../outbound/guarded-connect.ts'
import { toNoticePushPayload, topicOf } from './push.rules.ts'
import type { PushSubscriptionRow } from './push-subscription.table.ts'
import type { VapidKeys } from './vapid-keys.ts'

export interface PushSettings {
  readonly vapid: VapidKeys
  readonly subject: string
  readonly publicUrl: string
  /** A test's own CA; production uses the default trust store. */
  readonly ca?: string | Buffer
}

export type PushOutcome = 'delivered' | 'subscription-gone'

// A day: after that the alert is still in the owner's list, and a late buzz helps nobody.
const TTL_SECONDS = 24 * 3600

/** Sends one encrypted (aes128gcm, RFC 8291) push signed with the server's VAPID key (RFC 8292). */
export function createPushSender(settings: PushSettings, outbound: OutboundPolicy) {
  // Every push connects through this agent, so an endpoint whose name now points inward is refused.
  const agent = new GuardedHttpsAgent(outbound, { keepAlive: true, ...(settings.ca && { ca: settings.ca }) })
  return async (subscription: PushSubscriptionRow, n: NotificationPayload): Promise<PushOutcome> => {
    try {
      await webpush.sendNotification(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(toNoticePushPayload(n, settings.publicUrl)),
        {
          vapidDetails: {
            subject: settings.subject,
            publicKey: settings.vapid.publicKey,
            privateKey: settings.vapid.privateKey,
          },
          TTL: TTL_SECONDS,
          urgency: 'high',
          topic: topicOf(n),
          contentEncoding: 'aes128gcm',
          timeout: 5000,
          agent,
        },
      )
      return 'delivered'
    } catch (error) {
      // 404/410: the browser unsubscribed or the subscription expired; it will never be delivered.
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410))
        return 'subscription-gone'
      if (error instanceof WebPushError) throw new Error(`push service answered ${error.statusCode}`, { cause: error })
      throw error
    }
  }
}
