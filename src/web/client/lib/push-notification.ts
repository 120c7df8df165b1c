import type { Species } from '../../../contracts/species.ts'
import { pickLocale } from '../../i18n/locales.ts'
import { workerTranslator } from '../../i18n/worker.ts'

/** What the server pushes for an alert (src/push/push.rules.ts `toPushPayload`). */
export interface AlertPush {
  readonly type: string
  readonly alertId: string
  readonly pet: { readonly name: string; readonly species: Species; readonly photoUrl: string | null }
  readonly sighting: { readonly capturedAt: string }
}

/** A pet owner's notice (src/push/push.rules.ts `toNoticePushPayload`): written out by the server. */
export interface NoticePush {
  readonly type: string
  readonly noticeId: string
  readonly title: string
  readonly body: string
  readonly url: string
}

export interface NotificationSpec {
  readonly title: string
  readonly body: string
  readonly tag: string
  readonly icon?: string
  readonly url: string
}

/**
 * The notification a camera owner sees: the lost pet and the time, nothing about who is looking for it. In the
 * given language, else the browser's (a service worker has no page, so no `<html lang>` to follow).
 */
export function notificationFor(push: AlertPush, locale?: string): NotificationSpec {
  const lang = pickLocale(locale ? [locale] : typeof navigator === 'undefined' ? [] : navigator.languages)
  const t = workerTranslator(lang)
  const time = new Date(push.sighting.capturedAt).toLocaleString(locale ?? lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
  })
  return {
    title: t('push.alert.title', { name: push.pet.name }),
    body: t(push.pet.species === 'cat' ? 'push.alert.body.cat' : 'push.alert.body.dog', { time }),
    tag: `alert-${push.alertId}`,
    ...(push.pet.photoUrl && { icon: push.pet.photoUrl }),
    url: `/cameras/alerts#alert-${push.alertId}`,
  }
}

/** Only a same-site path may be opened from a notification. */
const safePath = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? url : '/notifications')

/** What the service worker shows for any push: an alert, or a notice as the server wrote it. */
export function notificationOf(push: AlertPush | NoticePush, locale?: string): NotificationSpec | undefined {
  if ('alertId' in push && push.alertId) return notificationFor(push, locale)
  if ('noticeId' in push && push.noticeId && push.title)
    return { title: push.title, body: push.body, tag: `notice-${push.noticeId}`, url: safePath(push.url) }
  return undefined
}

/** The browser's key for `pushManager.subscribe` from the server's base64url VAPID public key. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const bytes = atob(base64)
  const key = new Uint8Array(new ArrayBuffer(bytes.length))
  for (let i = 0; i < bytes.length; i++) key[i] = bytes.charCodeAt(i)
  return key
}
