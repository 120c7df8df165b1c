import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { invalidInput } from '../errors.ts'
import * as notices from './notice.repository.ts'
import * as repo from './notification.repository.ts'
import { isOwnerNotification, type NotificationKind } from '../contracts/notification-payload.ts'
import { isTimeZone, NOTICE_CHANNELS, type NoticeChannel } from './owner-notice.rules.ts'

const KINDS: readonly NotificationKind[] = ['alert', 'share', 'trail', 'found', 'relay']
/** A camera alert already has its in-app place (the alerts page), so it has no in-app switch. */
const channelsOf = (kind: NotificationKind): readonly NoticeChannel[] =>
  kind === 'alert' ? ['email', 'push'] : NOTICE_CHANNELS

export type KindPreferences = Record<NotificationKind, Partial<Record<'email' | 'push' | 'inApp', boolean>>>
const wire = (channel: NoticeChannel) => (channel === 'in_app' ? 'inApp' : channel)

/** Per kind and channel, on unless opted out; a camera alert's email also follows the older emailEnabled. */
export async function readPreferences(db: Kysely<Database>, userId: string) {
  const [settings, optOuts] = await Promise.all([repo.findSettings(db, userId), notices.listOptOuts(db, userId)])
  const off = new Set(optOuts.map((o) => `${o.kind}:${o.channel}`))
  const kinds = Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      Object.fromEntries(channelsOf(kind).map((channel) => [wire(channel), !off.has(`${kind}:${channel}`)])),
    ]),
  ) as KindPreferences
  if (settings && !settings.email_enabled) kinds.alert.email = false
  return { timeZone: settings?.time_zone ?? 'UTC', kinds }
}

export async function updatePreferences(
  db: Kysely<Database>,
  userId: string,
  update: { timeZone?: string | undefined; kinds?: Partial<KindPreferences> | undefined },
) {
  if (update.timeZone !== undefined && !isTimeZone(update.timeZone))
    throw invalidInput('timeZone: is not a known IANA time zone')
  await db.transaction().execute(async (trx) => {
    if (update.timeZone !== undefined) await repo.upsertSettings(trx, userId, { time_zone: update.timeZone })
    for (const [kind, channels] of Object.entries(update.kinds ?? {}) as [
      NotificationKind,
      KindPreferences[NotificationKind],
    ][]) {
      for (const channel of channelsOf(kind)) {
        const on = channels[wire(channel)]
        if (on === undefined) continue
        await notices.setOptOut(trx, userId, kind, channel, !on)
        if (kind === 'alert' && channel === 'email') await repo.upsertSettings(trx, userId, { email_enabled: on })
      }
    }
  })
  return readPreferences(db, userId)
}

const INBOX_LIMIT = 50

/** The in-app list: each notice's words, link and time, newest first. */
export async function readInbox(db: Kysely<Database>, userId: string) {
  const rows = await notices.listInbox(db, userId, INBOX_LIMIT)
  return rows.flatMap((row) =>
    isOwnerNotification(row.payload)
      ? [
          {
            id: row.id,
            kind: row.payload.kind,
            title: row.payload.title,
            body: row.payload.body,
            url: row.payload.url,
            at: row.created_at.toISOString(),
          },
        ]
      : [],
  )
}
