import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { invalidInput } from '../errors.ts'
import type { Channels } from './notification.channels.ts'
import { deletePushSubscription, findPushSubscription } from '../push/push-subscription.repository.ts'
import * as repo from './notification.repository.ts'
import { findTimeZone } from './notice.repository.ts'
import { isOwnerNotification } from '../contracts/notification-payload.ts'
import { checkWebhookUrl } from '../outbound/address.rules.ts'
import { newWebhookSecret } from './notification.rules.ts'
import { checkOutboundUrl } from '../outbound/outbound-check.ts'
import type { ResolveHost } from '../outbound/outbound-check.ts'

export interface NotificationDeps {
  readonly db: Kysely<Database>
  readonly allowPrivateWebhooks: boolean
  readonly resolve?: ResolveHost | undefined
}

export async function readSettings(deps: NotificationDeps, userId: string) {
  const row = await repo.findSettings(deps.db, userId)
  return { emailEnabled: row?.email_enabled ?? true, webhookUrl: row?.webhook_url ?? null }
}

/** Setting a webhook URL makes a new signing secret, shown in this answer only. */
export async function updateSettings(
  deps: NotificationDeps,
  userId: string,
  update: { emailEnabled?: boolean | undefined; webhookUrl?: string | null | undefined },
) {
  let webhookSecret: string | undefined
  const values: Parameters<typeof repo.upsertSettings>[2] = {}
  if (update.emailEnabled !== undefined) values.email_enabled = update.emailEnabled
  if (update.webhookUrl === null) Object.assign(values, { webhook_url: null, webhook_secret: null })
  if (update.webhookUrl) {
    const problem = checkWebhookUrl(update.webhookUrl, deps.allowPrivateWebhooks)
    if (problem) throw invalidInput(`webhookUrl: ${problem}`)
    const resolved = await checkOutboundUrl(update.webhookUrl, {
      allowPrivate: deps.allowPrivateWebhooks,
      resolve: deps.resolve,
    })
    if (resolved) throw invalidInput(`webhookUrl: ${resolved}`)
    webhookSecret = newWebhookSecret()
    Object.assign(values, { webhook_url: update.webhookUrl, webhook_secret: webhookSecret })
  }
  await repo.upsertSettings(deps.db, userId, values)
  return { ...(await readSettings(deps, userId)), ...(webhookSecret && { webhookSecret }) }
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'gone'

/**
 * Delivers one outbox row. A row already marked sent is skipped, so a job that runs again after a
 * crash sends nothing twice; a failure is recorded and thrown, and pg-boss retries with backoff.
 */
export async function deliverNotification(
  deps: { db: Kysely<Database>; channels: Channels },
  outboxId: string,
): Promise<DeliveryOutcome> {
  const row = await repo.findOutbox(deps.db, outboxId)
  if (!row) return 'gone'
  if (row.status === 'sent') return 'already-sent'
  try {
    if (row.channel === 'email') {
      const user = await repo.findUserEmail(deps.db, row.user_id)
      if (!user) return 'gone'
      await deps.channels.email(user.email, row.idempotency_key, row.payload, await findTimeZone(deps.db, row.user_id))
    } else if (row.channel === 'push') {
      const subscription = row.push_subscription_id
        ? await findPushSubscription(deps.db, row.push_subscription_id)
        : undefined
      if (!subscription) return 'gone'
      if ((await deps.channels.push(subscription, row.payload)) === 'subscription-gone') {
        await deletePushSubscription(deps.db, subscription.id)
        return 'gone'
      }
    } else if (row.channel === 'in_app' || isOwnerNotification(row.payload)) {
      return 'gone' // in-app rows are delivered when written; owner notices have no webhook
    } else {
      const settings = await repo.findSettings(deps.db, row.user_id)
      if (!settings?.webhook_url || !settings.webhook_secret) return 'gone'
      await deps.channels.webhook(settings.webhook_url, settings.webhook_secret, row.idempotency_key, row.payload)
    }
  } catch (error) {
    await repo.recordAttempt(deps.db, row.id, error instanceof Error ? error.message : String(error))
    throw error
  }
  await repo.recordAttempt(deps.db, row.id, null)
  return 'sent'
}
