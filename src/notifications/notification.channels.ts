import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { Webhook } from 'standardwebhooks'
import { createPushSender, type PushOutcome, type PushSettings } from '../push/push.channel.ts'
import { guardedFetch, type OutboundPolicy } from '../outbound/guarded-connect.ts'
import type { PushSubscriptionRow } from '../push/push-subscription.table.ts'
import {
  isOwnerNotification,
  type AlertNotification,
  type NotificationPayload,
} from '../contracts/notification-payload.ts'
import { plainTime } from './owner-notice.rules.ts'

export interface MailSettings {
  /** smtp:// or smtps:// URL; unset → messages are written as .eml files under `logDir` (development). */
  readonly smtpUrl?: string | undefined
  readonly from: string
  readonly logDir: string
}

export interface Channels {
  /** `timeZone`: the recipient's, for an alert's time (an owner notice was written out in it already). */
  email(to: string, key: string, n: NotificationPayload, timeZone?: string): Promise<void>
  webhook(url: string, secret: string, key: string, n: AlertNotification): Promise<void>
  push(subscription: PushSubscriptionRow, n: NotificationPayload): Promise<PushOutcome>
}

export interface ChannelOptions {
  /** Where webhooks and pushes may connect; private addresses are refused unless ALLOW_PRIVATE_WEBHOOKS. */
  readonly outbound?: OutboundPolicy
  /** Web Push; without it a push row fails (and is retried) until the server is configured. */
  readonly push?: PushSettings
}

/** A receiver acknowledges and works later (Standard Webhooks); one that holds the connection only delays its own owner. */
const WEBHOOK_TIMEOUT_MS = 3000

/** The alert's own card: no snapshot reference (the agent's file name) leaves the camera owner's own pages. */
export const alertPath = (alertId: string) => `/cameras/alerts#alert-${alertId}`

function mailOf(n: NotificationPayload, publicUrl: string, timeZone: string) {
  if (isOwnerNotification(n))
    return {
      subject: n.title,
      text: `${n.body}\n\nOpen it: ${new URL(n.url, publicUrl).toString()}\n\nTo change what you are told, visit ${publicUrl}/notifications`,
    }
  const when = plainTime(new Date(n.sighting.capturedAt), new Date(), timeZone)
  return {
    subject: `Possible sighting of ${n.pet.name}`,
    text:
      `Your camera may have seen ${n.pet.name}, a lost ${n.pet.species}, ${when}. ` +
      `Look at your own snapshot and decide whether to share it:\n\n${new URL(alertPath(n.alertId), publicUrl).toString()}`,
  }
}

export function createChannels(mail: MailSettings, publicUrl: string, options: ChannelOptions = {}): Channels {
  const outbound = options.outbound ?? { allowPrivate: false }
  const fetchImpl = guardedFetch(outbound)
  const push = options.push && createPushSender(options.push, outbound)
  const transport = mail.smtpUrl
    ? nodemailer.createTransport(mail.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true })
  return {
    async email(to, key, n, timeZone = 'UTC') {
      const info = await transport.sendMail({
        from: mail.from,
        to,
        ...mailOf(n, publicUrl, timeZone),
        // A stable Message-ID lets mail systems drop a duplicate left by a retry after a crash.
        messageId: `<${key}@homeward>`,
      })
      if (!mail.smtpUrl) {
        await fs.mkdir(mail.logDir, { recursive: true })
        await fs.writeFile(
          path.join(mail.logDir, `${key.replace(/[^a-z0-9-]/gi, '_')}.eml`),
          (info as { message: Buffer }).message,
        )
      }
    },
    async webhook(url, secret, key, n) {
      const body = JSON.stringify(n)
      const timestamp = new Date()
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': key,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(key, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      })
      if (!res.ok) throw new Error(`webhook answered ${res.status}`)
    },
    async push(subscription, n) {
      if (!push) throw new Error('web push is not configured')
      return push(subscription, n)
    },
  }
}
