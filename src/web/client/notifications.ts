import { t } from '../i18n/client.ts'
import { api } from './lib/api.ts'
import { attachPushButton, attachPushOffButton } from './lib/push-subscribe.ts'

const status = document.querySelector<HTMLElement>('#push-status')!
attachPushButton(document.querySelector<HTMLButtonElement>('#push-enable')!, status)
attachPushOffButton(document.querySelector<HTMLButtonElement>('#push-disable')!, status, t('notify.device.offDone'))

const form = document.querySelector<HTMLFormElement>('#notice-kinds')!
const saved = document.querySelector<HTMLElement>('#kinds-status')!
form.addEventListener('submit', async (event) => {
  event.preventDefault()
  const kinds: Record<string, Record<string, boolean>> = {}
  for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    const [kind = '', channel = ''] = box.name.split('.')
    ;(kinds[kind] ??= {})[channel] = box.checked
  }
  saved.textContent = ''
  try {
    await api('/api/me/notifications', { method: 'PUT', json: { kinds } })
    saved.textContent = t('notify.saved')
  } catch {
    saved.textContent = t('notify.failed')
  }
})
