import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { formatDistance } from '../i18n/messages.ts'

export const FEED_RADII_KM = [1, 2, 5, 10, 20] as const

/** The place form; results are drawn by `client/feed.ts` from `GET /api/feed`. */
export function FeedPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('feed.title')} scripts={['feed']}>
      <p class="lead">{t('feed.lead')}</p>
      <form id="feed-place" class="card stack" method="get" action="/feed" novalidate>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label={t('feed.mapLabel')}>
          <legend>{t('feed.nearWhere')}</legend>
          <p class="hint" id="feed-place-hint">
            {placeWays(ctx)} {t('feed.notStored')}
          </p>
          <CoordinateFields hintId="feed-place-hint" t={t} />
        </fieldset>
        <div class="filters">
          <div class="field">
            <label for="radius">{t('feed.within')}</label>
            <select id="radius" name="radiusKm">
              {FEED_RADII_KM.map((km) => (
                <option value={String(km)} selected={km === 5}>
                  {formatDistance(ctx.locale, km)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="kind">{t('feed.show')}</label>
            <select id="kind" name="kind">
              <option value="">{t('feed.show.all')}</option>
              <option value="lost">{t('feed.show.lost')}</option>
              <option value="found">{t('feed.show.found')}</option>
            </select>
          </div>
          <div class="field">
            <label for="species">{t('feed.species')}</label>
            <select id="species" name="species">
              <option value="">{t('feed.species.all')}</option>
              <option value="dog">{t('feed.species.dog')}</option>
              <option value="cat">{t('feed.species.cat')}</option>
            </select>
          </div>
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('feed.submit')}</button>
      </form>
      <section aria-labelledby="results-heading" class="stack">
        <h2 id="results-heading">{t('feed.results')}</h2>
        <p id="feed-status" role="status" aria-live="polite" class="muted">
          {t('feed.choose')}
        </p>
        <ul id="feed-results" class="grid"></ul>
        <button type="button" id="feed-more" class="secondary" hidden>
          {t('feed.more')}
        </button>
      </section>
    </Layout>
  )
}
