import { Layout, type PageContext } from '../layout.tsx'

export function HomePage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <p class="lead">{t('home.lead')}</p>
      <ul class="actions">
        <li>
          <a class="button" href="/lost/new">
            {t('home.lost')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/found/new">
            {t('home.found')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/feed">
            {t('home.feed')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/cameras">
            {t('home.cameras')}
          </a>
        </li>
      </ul>
      <section aria-labelledby="promises">
        <h2 id="promises">{t('home.promises')}</h2>
        <ul>
          <li>{t('home.promise.images')}</li>
          <li>{t('home.promise.optIn')}</li>
          <li>{t('home.promise.places')}</li>
          <li>{t('home.promise.noBulk')}</li>
        </ul>
      </section>
    </Layout>
  )
}
