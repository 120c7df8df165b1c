import { api } from './api.ts'
import { applicationServerKey } from './push-notification.ts'
import { t } from '../../i18n/client.ts'

/** The server's id of this browser's subscription, so it can be turned off from here. */
const SUBSCRIPTION_ID_KEY = 'homeward.pushSubscriptionId'

/** "Stop notifying this device": the browser unsubscribes and the server forgets the subscription. */
export function attachPushOffButton(button: HTMLButtonElement, status: HTMLElement, done: string) {
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/') : undefined
      await (await registration?.pushManager.getSubscription())?.unsubscribe()
      const id = localStorage.getItem(SUBSCRIPTION_ID_KEY)
      if (id) await api(`/api/me/push-subscriptions/${id}`, { method: 'DELETE' }).catch(() => {})
      localStorage.removeItem(SUBSCRIPTION_ID_KEY)
      status.textContent = done
    } finally {
      button.disabled = false
    }
  })
}

/**
 * "Notify me on this device": registers the service worker, asks the browser for permission, subscribes
 * with the server's VAPID key and hands the subscription to the API. Says plainly what went wrong.
 */
export function attachPushButton(button: HTMLButtonElement, status: HTMLElement) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    status.textContent = t('push.unsupported')
    button.disabled = true
    return
  }
  button.addEventListener('click', async () => {
    button.disabled = true
    status.textContent = t('push.turningOn')
    try {
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') {
        status.textContent = t('push.blocked')
        return
      }
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' })
      await navigator.serviceWorker.ready
      const { publicKey } = await api<{ publicKey: string }>('/api/push/vapid-public-key')
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(publicKey),
        }))
      const saved = await api<{ id: string }>('/api/me/push-subscriptions', {
        method: 'POST',
        json: subscription.toJSON(),
      })
      localStorage.setItem(SUBSCRIPTION_ID_KEY, saved.id)
      status.textContent = t('push.on')
    } catch (error) {
      status.textContent = t('push.failed', { reason: error instanceof Error ? error.message : String(error) })
    } finally {
      button.disabled = false
    }
  })
}
