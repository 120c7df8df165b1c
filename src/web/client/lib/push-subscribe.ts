import { api } from './api.ts'
import { applicationServerKey } from './push-notification.ts'

/**
 * "Notify me on this device": registers the service worker, asks the browser for permission, subscribes
 * with the server's VAPID key and hands the subscription to the API. Says plainly what went wrong.
 */
export function attachPushButton(button: HTMLButtonElement, status: HTMLElement) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    status.textContent = 'This browser cannot receive notifications; alerts still arrive here and by email.'
    button.disabled = true
    return
  }
  button.addEventListener('click', async () => {
    button.disabled = true
    status.textContent = 'Turning on notifications…'
    try {
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') {
        status.textContent = 'Notifications are blocked for this site; allow them in the browser’s settings to use this.'
        return
      }
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' })
      await navigator.serviceWorker.ready
      const { publicKey } = await api<{ publicKey: string }>('/api/push/vapid-public-key')
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) }))
      await api('/api/me/push-subscriptions', { method: 'POST', json: subscription.toJSON() })
      status.textContent = 'This device will be notified of new alerts.'
    } catch (error) {
      status.textContent = `Notifications could not be turned on: ${error instanceof Error ? error.message : String(error)}`
    } finally {
      button.disabled = false
    }
  })
}
