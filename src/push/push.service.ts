import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { invalidInput, notFound } from '../errors.ts'
import { checkOutboundUrl, type ResolveHost } from '../outbound/outbound-check.ts'
import { checkPushSubscription } from './push.rules.ts'
import * as repo from './push-subscription.repository.ts'

export interface PushDeps {
  readonly db: Kysely<Database>
  readonly allowPrivateWebhooks: boolean
  readonly resolve?: ResolveHost | undefined
}

export interface NewPushSubscription {
  readonly endpoint: string
  readonly keys: { readonly p256dh: string; readonly auth: string }
}

/** Alerts also reach this browser, as a Web Push encrypted to its keys. */
export async function addPushSubscription(deps: PushDeps, userId: string, s: NewPushSubscription) {
  const problem = checkPushSubscription(s, deps.allowPrivateWebhooks)
  if (problem) throw invalidInput(problem)
  const resolved = await checkOutboundUrl(s.endpoint, {
    allowPrivate: deps.allowPrivateWebhooks,
    resolve: deps.resolve,
  })
  if (resolved) throw invalidInput(`endpoint: ${resolved}`)
  const row = await repo.upsertPushSubscription(deps.db, {
    userId,
    endpoint: s.endpoint,
    p256dh: s.keys.p256dh,
    auth: s.keys.auth,
  })
  return { id: row.id, createdAt: row.created_at.toISOString() }
}

export async function removePushSubscription(deps: PushDeps, userId: string, id: string) {
  if (!(await repo.deleteOwnPushSubscription(deps.db, id, userId))) throw notFound('Push subscription')
}

/** The owner's own browsers: the push service's host and when, never the full endpoint (a bearer capability). */
export async function listPushSubscriptions(deps: PushDeps, userId: string) {
  return (await repo.listPushSubscriptionsOfUser(deps.db, userId)).map((row) => ({
    id: row.id,
    service: new URL(row.endpoint).host,
    createdAt: row.created_at.toISOString(),
  }))
}
