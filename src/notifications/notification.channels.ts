import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { Webhook } from 'standardwebhooks'
import { createPushSender, type PushOutcome, type PushSettings } from '../push/push.channel.ts'
import { guardedFetch, type OutboundPolicy } from '../outbound/guarded-connect.ts'
import type { PushSubscriptionRow } from '../push/push-subscription.table.ts'
import type { AlertNotification } from './notification.table.ts'

export interface MailSettings {
  /** smtp:// or smtps:// URL; unset → messages are written as .eml files under `logDir` (development). */
  readonly smtpUrl?: string | undefined
  readonly from: string
  readonly logDir: string
}

export interface Channels {
  email(to: string, key: string, n: AlertNotification): Promise<void>
  webhook(url: string, secret: string, key: string, n: AlertNotification): Promise<void>
  push(subscription: PushSubscriptionRow, n: AlertNotification): Promise<PushOutcome>
}

export interface ChannelOptions {
  /** Where webhooks and pushes may connect; private addresses are refused unless ALLOW_PRIVATE_WEBHOOKS. */
  readonly outbound?: OutboundPolicy
  /** Web Push; without it a push row fails (and is retried) until the server is configured. */
  readonly push?: PushSettings
}

/** A receiver acknowledges and works later (Standard Webhooks); one that holds the connection only delays its own owner. */
const WEBHOOK_TIMEOUT_MS = 3000

const describe = (n: AlertNotification) =>
  `Your camera may have seen ${n.pet.name}, a lost ${n.pet.species}, at ${n.sighting.capturedAt}. ` +
  `Open Homeward to look at your own snapshot (${n.sighting.snapshotRef}) and decide whether to share it.`

export function createChannels(mail: MailSettings, publicUrl: string, options: ChannelOptions = {}): Channels {
  const outbound = options.outbound ?? { allowPrivate: false }
  const fetchImpl = guardedFetch(outbound)
  const push = options.push && createPushSender(options.push, outbound)
  const transport = mail.smtpUrl ? nodemailer.createTransport(mail.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true })
  return {
    async email(to, key, n) {
      const info = await transport.sendMail({
        from: mail.from,
        to,
        subject: `Possible sighting of ${n.pet.name}`,
        text: `${describe(n)}\n\n${publicUrl}`,
        // A stable Message-ID lets mail systems drop a duplicate left by a retry after a crash.
        messageId: `<${key}@homeward>`,
      })
      if (!mail.smtpUrl) {
        await fs.mkdir(mail.logDir, { recursive: true })
        await fs.writeFile(path.join(mail.logDir, `${key.replace(/[^a-z0-9-]/gi, '_')}.eml`), (info as { message: Buffer }).message)
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
