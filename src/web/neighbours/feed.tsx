import type { FeedPage as FeedPageData, FeedQuery } from '../../feed/feed.schema.ts'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { formatDistance } from '../i18n/messages.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { coarsePlace } from '../owners/owner-format.tsx'
import { FeedCards } from './feed-cards.tsx'
import { feedCountText } from './feed-count.ts'

export const FEED_RADII_KM = [1, 2, 5, 10, 20] as const

/** The feed near a place the URL gave (/feed?lat=…&lng=…), rendered on the server. */
export interface FeedResults {
  readonly query: FeedQuery
  readonly page: FeedPageData
  readonly now: Date
}

/**
 * The place form and the pets near it. With a place in the URL, the first page of cards comes with the page and
 * the place folds away above them, so a phone shows pets first; `client/feed.ts` adds pages from /feed/cards.
 */
export function FeedPage({ ctx, results }: { ctx: PageContext; results?: FeedResults | undefined }) {
  const { t } = ctx
  const query = results?.query
  // A shared link may carry a radius the list lacks (radiusKm=3): it is offered too, so more cards keep to it.
  const radii: readonly number[] =
    query && !(FEED_RADII_KM as readonly number[]).includes(query.radiusKm)
      ? [...FEED_RADII_KM, query.radiusKm].sort((a, b) => a - b)
      : FEED_RADII_KM
  const place = (
    <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label={t('feed.mapLabel')}>
      <legend>{t('feed.nearWhere')}</legend>
      <p class="hint" id="feed-place-hint">
        {placeWays(ctx)} {t('feed.notStored')}
      </p>
      <CoordinateFields hintId="feed-place-hint" t={t} values={query && [query.lat, query.lng]} />
    </fieldset>
  )
  return (
    <Layout ctx={ctx} title={t('feed.title')} scripts={['feed']}>
      <p class="lead">{t('feed.lead')}</p>
      <form id="feed-place" class="card stack" method="get" action="/feed" novalidate>
        {query ? (
          <details class="place-details">
            <summary>{t('feed.placeChosen', { place: coarsePlace(query, ctx.locale) })}</summary>
            {place}
          </details>
        ) : (
          place
        )}
        <div class="filters">
          <div class="field">
            <label for="radius">{t('feed.within')}</label>
            <select id="radius" name="radiusKm">
              {radii.map((km) => (
                <option value={String(km)} selected={km === (query?.radiusKm ?? 5)}>
                  {formatDistance(ctx.locale, km)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="kind">{t('feed.show')}</label>
            <select id="kind" name="kind">
              <option value="">{t('feed.show.all')}</option>
              <option value="lost" selected={query?.kind === 'lost'}>
                {t('feed.show.lost')}
              </option>
              <option value="found" selected={query?.kind === 'found'}>
                {t('feed.show.found')}
              </option>
            </select>
          </div>
          <div class="field">
            <label for="species">{t('feed.species')}</label>
            <select id="species" name="species">
              <option value="">{t('feed.species.all')}</option>
              <option value="dog" selected={query?.species === 'dog'}>
                {t('feed.species.dog')}
              </option>
              <option value="cat" selected={query?.species === 'cat'}>
                {t('feed.species.cat')}
              </option>
            </select>
          </div>
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('feed.submit')}</button>
      </form>
      <section aria-labelledby="results-heading" class="stack">
        <h2 id="results-heading">{t('feed.results')}</h2>
        <p id="feed-status" role="status" aria-live="polite" class="muted">
          {results ? feedCountText(ctx.locale, t, results.page.items.length, results.query.radiusKm) : t('feed.choose')}
        </p>
        <ul
          id="feed-results"
          class="grid"
          data-rendered={results ? '' : undefined}
          data-next-cursor={results?.page.nextCursor ?? undefined}
        >
          {results && (
            <FeedCards
              locale={ctx.locale}
              t={t}
              items={results.page.items}
              from={results.query}
              now={results.now}
              firstPhotoEager
            />
          )}
        </ul>
        <button type="button" id="feed-more" class="secondary" hidden={!results?.page.nextCursor}>
          {t('feed.more')}
        </button>
      </section>
    </Layout>
  )
}
