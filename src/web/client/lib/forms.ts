import { ApiError } from './api.ts'
import { t } from '../../i18n/client.ts'

/** What a failure that is not the server's answer (a dropped connection, mostly) tells the user to do. */
export const NETWORK_FAILURE = t('client.network')

/**
 * Runs an async submit handler with the button disabled and any error shown in the form's alert region. With
 * `busy`, a status line by the button says what is happening while it runs (for the slow steps).
 */
export function onSubmit(
  form: HTMLFormElement,
  handler: (data: FormData) => Promise<void>,
  options: { busy?: string } = {},
) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const alert = form.querySelector<HTMLElement>('.form-error')
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')]
    if (alert) alert.textContent = ''
    if (!form.checkValidity()) {
      const invalid = form.querySelector<HTMLInputElement>(':invalid')
      showError(form, invalid ? `${labelOf(invalid)}: ${invalid.validationMessage}` : t('client.checkForm'))
      invalid?.focus()
      return
    }
    buttons.forEach((b) => (b.disabled = true))
    form.setAttribute('aria-busy', 'true')
    const busy = options.busy ? busyLine(form, options.busy) : undefined
    try {
      await handler(new FormData(form))
    } catch (err) {
      showError(
        form,
        err instanceof ApiError ? err.message : err instanceof TypeError ? NETWORK_FAILURE : t('client.failed'),
      )
      if (!(err instanceof ApiError)) console.error(err)
    } finally {
      buttons.forEach((b) => (b.disabled = false))
      form.removeAttribute('aria-busy')
      busy?.remove()
    }
  })
}

export function showError(form: HTMLFormElement, message: string) {
  const alert = form.querySelector<HTMLElement>('.form-error')
  if (alert) alert.textContent = message
}

function labelOf(input: HTMLElement): string {
  const label = input.id ? document.querySelector(`label[for="${input.id}"]`) : null
  return label?.textContent?.trim() ?? input.getAttribute('name') ?? t('client.field')
}

export function text(data: FormData, name: string): string {
  const value = data.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

function busyLine(form: HTMLFormElement, message: string): HTMLElement {
  const line = document.createElement('p')
  line.className = 'form-busy'
  line.setAttribute('role', 'status')
  line.textContent = message
  const button = form.querySelector('button[type=submit]')
  if (button) button.before(line)
  else form.append(line)
  return line
}
