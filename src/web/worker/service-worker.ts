import { notificationFor, type AlertPush } from '../client/lib/push-notification.ts'

// Only shows camera alerts pushed by Homeward; it caches nothing and sees no other request.
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
  readonly registration: ServiceWorkerRegistration
  readonly clients: { openWindow(url: string): Promise<unknown> }
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void
}
const worker = self as unknown as ServiceWorkerScope

worker.addEventListener('push', (event) => {
  const push = event.data?.json() as AlertPush | undefined
  if (!push?.alertId) return
  const note = notificationFor(push)
  event.waitUntil(worker.registration.showNotification(note.title, { body: note.body, tag: note.tag, icon: note.icon, data: { url: note.url } }))
})

worker.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/cameras/alerts'
  event.waitUntil(worker.clients.openWindow(url))
})
