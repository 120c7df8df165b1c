import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'

export const FEED_RADII_KM = [1, 2, 5, 10, 20] as const

/** The place form; results are drawn by `client/feed.ts` from `GET /api/feed`. */
export function FeedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Lost & found pets near you" scripts={['feed']}>
      <p class="lead">
        Lost and found dogs and cats reported near a place you choose. Every pet is shown by a coarse area of about
        0.74 km², never an exact address.
      </p>
      <form id="feed-place" class="card stack" method="get" action="/feed" novalidate>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label="Map to choose the place to look around">
          <legend>Near where?</legend>
          <p class="hint" id="feed-place-hint">
            {placeWays(ctx)} The place is used for this search only: it is not
            stored.
          </p>
          <CoordinateFields hintId="feed-place-hint" />
        </fieldset>
        <div class="filters">
          <div class="field">
            <label for="radius">Within</label>
            <select id="radius" name="radiusKm">
              {FEED_RADII_KM.map((km) => (
                <option value={String(km)} selected={km === 5}>
                  {km} km
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="kind">Show</label>
            <select id="kind" name="kind">
              <option value="">Lost and found pets</option>
              <option value="lost">Lost pets only</option>
              <option value="found">Found pets only</option>
            </select>
          </div>
          <div class="field">
            <label for="species">Species</label>
            <select id="species" name="species">
              <option value="">Dogs and cats</option>
              <option value="dog">Dogs</option>
              <option value="cat">Cats</option>
            </select>
          </div>
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Show pets near here</button>
      </form>
      <section aria-labelledby="results-heading" class="stack">
        <h2 id="results-heading">Pets near this place</h2>
        <p id="feed-status" role="status" aria-live="polite" class="muted">
          Choose a place to see the pets reported near it.
        </p>
        <ul id="feed-results" class="grid"></ul>
        <button type="button" id="feed-more" class="secondary" hidden>
          Show more
        </button>
      </section>
    </Layout>
  )
}
