import type { AccountDataCounts } from '../../accounts/account-data.repository.ts'
import { Layout, type PageContext, type PageUser } from '../layout.tsx'
import { HoldingsList } from './my-data.tsx'

type Ctx = PageContext & { readonly user: PageUser }

export function AccountPage({ ctx }: { ctx: Ctx }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('account.title')} scripts={['account-settings']}>
      <p>{t('account.signedInAs', { name: ctx.user.name, email: ctx.user.email })}</p>
      <p>
        <a href="/account/data">{t('account.dataLink')}</a>
      </p>
      <section aria-labelledby="change-heading">
        <h2 id="change-heading">{t('account.change.heading')}</h2>
        <form
          id="change-password"
          class="card stack"
          data-busy={t('account.change.busy')}
          data-done={t('account.change.done')}
          novalidate
        >
          <div class="field">
            <label for="current-password">{t('account.change.current')}</label>
            <input
              id="current-password"
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              required
              maxlength={128}
            />
          </div>
          <div class="field">
            <label for="new-password">{t('account.change.new')}</label>
            <input
              id="new-password"
              name="newPassword"
              type="password"
              autocomplete="new-password"
              required
              minlength={10}
              maxlength={128}
              aria-describedby="change-hint"
            />
            <p class="hint" id="change-hint">
              {t('account.change.hint')}
            </p>
          </div>
          <p class="form-error" role="alert" aria-live="assertive"></p>
          <button type="submit">{t('account.change.submit')}</button>
        </form>
        <p class="notice" role="status" id="form-done" tabindex={-1} hidden></p>
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t('account.delete.heading')}</h2>
        <p>{t('account.delete.lead')}</p>
        <p>
          <a href="/account/delete">{t('account.delete.link')}</a>
        </p>
      </section>
    </Layout>
  )
}

export function DeleteAccountPage({ ctx, counts }: { ctx: Ctx; counts: AccountDataCounts }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('delete.title')} scripts={['account-settings']}>
      <p>{t('delete.lead')}</p>
      <HoldingsList ctx={ctx} counts={counts} links={false} />
      <p>{t('delete.after')}</p>
      <form id="delete-account" class="card stack" data-busy={t('delete.busy')} novalidate>
        <div class="field">
          <label for="password">{t('delete.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxlength={128}
          />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <ul class="actions">
          <li>
            <button type="submit" class="danger">
              {t('delete.submit')}
            </button>
          </li>
          <li>
            <a class="button secondary" href="/account">
              {t('delete.cancel')}
            </a>
          </li>
        </ul>
      </form>
    </Layout>
  )
}

export function AccountDeletedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('delete.done.title')}>
      <p class="notice">{ctx.t('delete.done')}</p>
      <p>
        <a href="/">{ctx.t('notFound.home')}</a>
      </p>
    </Layout>
  )
}
