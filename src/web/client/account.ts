import { api } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'
import { t } from '../i18n/client.ts'

function go(form: HTMLFormElement) {
  window.location.assign(form.dataset.next ?? '/me')
}

const signIn = document.querySelector<HTMLFormElement>('#sign-in')
if (signIn)
  onSubmit(
    signIn,
    async (data) => {
      await api('/api/auth/sign-in/email', {
        method: 'POST',
        json: { email: text(data, 'email'), password: data.get('password') },
      })
      go(signIn)
    },
    { busy: t('signIn.busy') },
  )

const signUp = document.querySelector<HTMLFormElement>('#sign-up')
if (signUp)
  onSubmit(
    signUp,
    async (data) => {
      const account = { email: text(data, 'email'), password: data.get('password') }
      await api('/api/auth/sign-up/email', { method: 'POST', json: { name: text(data, 'name'), ...account } })
      // Sign-up gives no session (so it cannot tell a taken address from a new one): sign in with the same details.
      await api('/api/auth/sign-in/email', { method: 'POST', json: account })
      go(signUp)
    },
    { busy: t('signUp.busy') },
  )
