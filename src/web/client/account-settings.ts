import { api } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'

/** Hides the form and shows its "done" line (from data-done) in the status region. */
function done(form: HTMLFormElement, message = form.dataset.done) {
  const status = document.getElementById('form-done')
  form.reset()
  if (status && message) {
    status.textContent = message
    status.hidden = false
    status.focus()
  }
}

const busy = (form: HTMLFormElement) => (form.dataset.busy ? { busy: form.dataset.busy } : {})

const forgot = document.querySelector<HTMLFormElement>('#forgot-password')
if (forgot)
  onSubmit(
    forgot,
    async (data) => {
      await api('/api/auth/request-password-reset', { method: 'POST', json: { email: text(data, 'email') } })
      forgot.hidden = true
      done(forgot)
    },
    busy(forgot),
  )

const reset = document.querySelector<HTMLFormElement>('#reset-password')
if (reset) {
  // Another reset link opened in this tab changes only the fragment: read the new one afresh.
  window.addEventListener('hashchange', () => window.location.reload())
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (!token) {
    reset.hidden = true
    document.getElementById('reset-no-token')!.hidden = false
  } else {
    // The token leaves the address bar, so it is not kept in history or shown over a shoulder.
    history.replaceState(null, '', window.location.pathname)
    onSubmit(
      reset,
      async (data) => {
        await api('/api/auth/reset-password', { method: 'POST', json: { token, newPassword: data.get('newPassword') } })
        reset.hidden = true
        document.getElementById('reset-done')!.hidden = false
      },
      busy(reset),
    )
  }
}

const change = document.querySelector<HTMLFormElement>('#change-password')
if (change)
  onSubmit(
    change,
    async (data) => {
      await api('/api/auth/change-password', {
        method: 'POST',
        json: { currentPassword: data.get('currentPassword'), newPassword: data.get('newPassword') },
      })
      done(change)
    },
    busy(change),
  )

const remove = document.querySelector<HTMLFormElement>('#delete-account')
if (remove)
  onSubmit(
    remove,
    async (data) => {
      await api('/api/me/account', { method: 'DELETE', json: { password: data.get('password') } })
      window.location.assign('/account/deleted')
    },
    busy(remove),
  )
