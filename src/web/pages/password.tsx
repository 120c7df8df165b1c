import { Layout, type PageContext } from '../layout.tsx'

export function ForgotPasswordPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('forgot.title')} scripts={['account-settings']}>
      <p>{t('forgot.lead')}</p>
      <form
        id="forgot-password"
        class="card stack"
        data-busy={t('forgot.busy')}
        data-done={t('forgot.sent')}
        novalidate
      >
        <div class="field">
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autocomplete="email" required maxlength={320} />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('forgot.submit')}</button>
      </form>
      <p class="notice" role="status" id="form-done" tabindex={-1} hidden></p>
    </Layout>
  )
}

/** The token comes in the link's fragment (#token=…), which only this page's script reads. */
export function ResetPasswordPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('reset.title')} scripts={['account-settings']}>
      <form id="reset-password" class="card stack" data-busy={t('reset.busy')} novalidate>
        <div class="field">
          <label for="new-password">{t('reset.password')}</label>
          <input
            id="new-password"
            name="newPassword"
            type="password"
            autocomplete="new-password"
            required
            minlength={10}
            maxlength={128}
          />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('reset.submit')}</button>
      </form>
      <div id="reset-done" class="notice" role="status" hidden>
        <p>{t('reset.done')}</p>
        <p>
          <a href="/sign-in?next=/account">{t('reset.signIn')}</a>
        </p>
      </div>
      <div id="reset-no-token" class="warning" hidden>
        <p>{t('reset.noToken')}</p>
        <p>
          <a href="/forgot-password">{t('reset.askAgain')}</a>
        </p>
      </div>
    </Layout>
  )
}
