import { Layout, type PageContext } from '../layout.tsx'

export function SignInPage({ ctx, next }: { ctx: PageContext; next: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('signIn.title')} scripts={['account']}>
      <form id="sign-in" class="card stack" data-next={next} novalidate>
        <div class="field">
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            minlength={10}
          />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('signIn.submit')}</button>
      </form>
      <p>
        <a href="/forgot-password">{t('forgot.link')}</a>
      </p>
      <p>
        {t('signIn.new')} <a href={`/sign-up?next=${encodeURIComponent(next)}`}>{t('signIn.create')}</a>
      </p>
    </Layout>
  )
}

export function SignUpPage({ ctx, next }: { ctx: PageContext; next: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('signUp.title')} scripts={['account']}>
      <form id="sign-up" class="card stack" data-next={next} novalidate>
        <div class="field">
          <label for="name">{t('signUp.name')}</label>
          <input id="name" name="name" autocomplete="name" required maxlength={80} />
          <p class="hint" id="name-hint">
            {t('signUp.nameHint')}
          </p>
        </div>
        <div class="field">
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-hint" />
          <p class="hint" id="email-hint">
            {t('signUp.emailHint')}
          </p>
        </div>
        <div class="field">
          <label for="password">{t('signUp.password')}</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={10} />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('signUp.submit')}</button>
      </form>
      <p>
        {t('signUp.already')} <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t('signIn.submit')}</a>
      </p>
    </Layout>
  )
}
