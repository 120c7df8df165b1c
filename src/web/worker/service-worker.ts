import { notificationOf, type AlertPush, type NoticePush } from '../client/lib/push-notification.ts'
import { dropOldShells, handleFetch, installShell, shellCacheName } from './offline-shell.ts'

// Shows camera alerts and pet owners' notices pushed by Homeward, and keeps the offline shell (offline-shell.ts).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown } | null
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification
}
interface ServiceWorkerScope {
  readonly HOMEWARD_SHELL?: readonly string[]
  readonly registration: ServiceWorkerRegistration
  skipWaiting(): Promise<void>
  readonly clients: { openWindow(url: string): Promise<unknown>; claim(): Promise<void> }
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: Parameters<typeof handleFetch>[0]) => void): void
}
const worker = self as unknown as ServiceWorkerScope
const shell = worker.HOMEWARD_SHELL ?? []
const cacheName = shellCacheName(shell)

worker.addEventListener('install', (event) =>
  event.waitUntil(installShell(cacheName, shell).then(() => worker.skipWaiting())),
)
worker.addEventListener('activate', (event) =>
  event.waitUntil(dropOldShells(cacheName).then(() => worker.clients.claim())),
)
worker.addEventListener('fetch', (event) => handleFetch(event, cacheName))

worker.addEventListener('push', (event) => {
  const push = event.data?.json() as AlertPush | NoticePush | undefined
  const note = push && notificationOf(push)
  if (!note) return
  event.waitUntil(
    worker.registration.showNotification(note.title, {
      body: note.body,
      tag: note.tag,
      icon: note.icon,
      data: { url: note.url },
    }),
  )
})

worker.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/cameras/alerts'
  event.waitUntil(worker.clients.openWindow(url))
})
