import { ReplyField } from '../components/reply-field.tsx'
import { Layout, type PageContext } from '../layout.tsx'

/**
 * A guest's conversation, read with the one-time link (`/guest#hwg_…`). The token stays in the fragment, which
 * browsers never send: this page is the same for everyone, and its script asks the API with the token.
 */
export function GuestThreadPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('guest.page.title')} scripts={['guest']}>
      <div class="stack">
        <p class="muted">{t('guest.page.lead')}</p>
        <p id="guest-status" role="status" aria-live="polite">
          {t('guest.page.loading')}
        </p>
        <h2 id="guest-about" hidden></h2>
        <ol class="messages stack" id="messages" aria-labelledby="guest-about"></ol>
        <p id="guest-expires" class="hint"></p>
        <form id="guest-reply" class="card stack" novalidate hidden>
          <ReplyField t={t} />
        </form>
      </div>
    </Layout>
  )
}
