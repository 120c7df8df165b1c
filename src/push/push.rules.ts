import {
  isOwnerNotification,
  type AlertNotification,
  type NotificationPayload,
} from '../contracts/notification-payload.ts'
import type { Species } from '../contracts/species.ts'
import { checkWebhookUrl } from '../outbound/address.rules.ts'
import { fromBase64Url } from '../web-crypto.ts'

const P256_POINT_BYTES = 65
const AUTH_SECRET_BYTES = 16

const decode = (value: string) => (/^[A-Za-z0-9_-]+=*$/.test(value) ? fromBase64Url(value) : undefined)

/**
 * A browser's subscription as `PushSubscription.toJSON()` gives it. The endpoint is the push service's
 * (always https); an address on the server's own network is refused unless the operator allows
 * private endpoints, as for webhooks.
 */
export function checkPushSubscription(
  s: { endpoint: string; keys: { p256dh: string; auth: string } },
  allowPrivate: boolean,
): string | undefined {
  let url: URL
  try {
    url = new URL(s.endpoint)
  } catch {
    return 'endpoint: is not a URL'
  }
  if (url.protocol !== 'https:') return 'endpoint: must be https'
  const problem = checkWebhookUrl(s.endpoint, allowPrivate)
  if (problem) return `endpoint: ${problem}`
  const p256dh = decode(s.keys.p256dh)
  if (!p256dh || p256dh.byteLength !== P256_POINT_BYTES || p256dh[0] !== 0x04)
    return 'keys.p256dh: must be a base64url uncompressed P-256 public key (65 bytes)'
  if (decode(s.keys.auth)?.byteLength !== AUTH_SECRET_BYTES) return 'keys.auth: must be a base64url 16-byte secret'
  return undefined
}

export interface PushPayload {
  readonly type: 'alert.opened'
  readonly alertId: string
  readonly pet: { readonly name: string; readonly species: Species; readonly photoUrl: string | null }
  readonly sighting: { readonly capturedAt: string }
}

/** What a push carries: the lost pet's public details and when the camera saw it. Never who lost it, or where. */
export function toPushPayload(n: AlertNotification, publicUrl: string): PushPayload {
  return {
    type: n.type,
    alertId: n.alertId,
    pet: {
      name: n.pet.name,
      species: n.pet.species,
      photoUrl: n.pet.photoUrl && new URL(n.pet.photoUrl, publicUrl).toString(),
    },
    sighting: { capturedAt: n.sighting.capturedAt },
  }
}

/** An owner notice as pushed: its words and the page it opens; the service worker shows it as is. */
export interface NoticePushPayload {
  readonly type: string
  readonly noticeId: string
  readonly title: string
  readonly body: string
  readonly url: string
}

export function toNoticePushPayload(n: NotificationPayload, publicUrl: string): PushPayload | NoticePushPayload {
  if (!isOwnerNotification(n)) return toPushPayload(n, publicUrl)
  return { type: n.type, noticeId: `${n.kind}-${n.eventId}`, title: n.title, body: n.body, url: n.url }
}

export const topicOf = (n: NotificationPayload) =>
  pushTopic(isOwnerNotification(n) ? `${n.kind}${n.eventId}` : n.alertId)

/** A push service replaces a queued message with the same topic, so a retry is never shown twice. */
export const pushTopic = (id: string) => id.replace(/[^A-Za-z0-9]/g, '').slice(0, 32)

/** VAPID `sub`: the https public URL, else a mailto: of the sender address. */
export function vapidSubject(publicUrl: string, mailFrom: string): string {
  if (publicUrl.startsWith('https://') && !new URL(publicUrl).hostname.endsWith('localhost')) return publicUrl
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()
  return `mailto:${address}`
}
