import { ApiError } from './api.ts'

/** Runs an async submit handler with the button disabled and any error shown in the form's alert region. */
export function onSubmit(form: HTMLFormElement, handler: (data: FormData) => Promise<void>) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const alert = form.querySelector<HTMLElement>('.form-error')
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')]
    if (alert) alert.textContent = ''
    if (!form.checkValidity()) {
      const invalid = form.querySelector<HTMLInputElement>(':invalid')
      showError(form, invalid ? `${labelOf(invalid)}: ${invalid.validationMessage}` : 'Please check the form.')
      invalid?.focus()
      return
    }
    buttons.forEach((b) => (b.disabled = true))
    form.setAttribute('aria-busy', 'true')
    try {
      await handler(new FormData(form))
    } catch (err) {
      showError(form, err instanceof ApiError ? err.message : 'Something went wrong. Please try again.')
      if (!(err instanceof ApiError)) console.error(err)
    } finally {
      buttons.forEach((b) => (b.disabled = false))
      form.removeAttribute('aria-busy')
    }
  })
}

export function showError(form: HTMLFormElement, message: string) {
  const alert = form.querySelector<HTMLElement>('.form-error')
  if (alert) alert.textContent = message
}

function labelOf(input: HTMLElement): string {
  const label = input.id ? document.querySelector(`label[for="${input.id}"]`) : null
  return label?.textContent?.trim() ?? input.getAttribute('name') ?? 'Field'
}

export function text(data: FormData, name: string): string {
  const value = data.get(name)
  return typeof value === 'string' ? value.trim() : ''
}
