import { MAX_PHOTOS, MAX_RADIUS_M, MIN_RADIUS_M } from '../../searches/search.rules.ts'
import { CoordinateFields } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'
import { Layout, type PageContext } from '../layout.tsx'
import { speciesNoun } from './owner-format.tsx'
import type { OwnerSearch } from './search.page.tsx'

/** The owner edits a report: details and place in one form (PATCH), photos one at a time. */
export function EditSearchPage({ ctx, search }: { ctx: PageContext; search: OwnerSearch }) {
  const open = search.status === 'active' || search.status === 'expired'
  return (
    <Layout ctx={ctx} title={`Edit ${search.name}’s report`} scripts={['owner-edit']} data={search}>
      <p>
        <a href={`/lost/${search.id}`}>Back to the search for {search.name}</a>
      </p>
      {!open && <p class="warning">This search is {search.status}: it can no longer be changed.</p>}
      <div id="edit-result" class="notice" role="status" aria-live="polite" tabindex={-1} hidden></div>
      <form id="edit-search" class="card stack" novalidate>
        <h2>Details</h2>
        <div class="field">
          <label for="name">Your {speciesNoun(search.species)}’s name</label>
          <input id="name" name="name" required maxlength={80} autocomplete="off" value={search.name} />
        </div>
        <div class="field">
          <label for="description">Description (optional)</label>
          <textarea id="description" name="description" rows={4} maxlength={2000} aria-describedby="description-hint">
            {search.description}
          </textarea>
          <p class="hint" id="description-hint">Shown publicly; don’t add your phone or address.</p>
        </div>
        <div class="field">
          <label for="lastSeenAt">Last seen (your local time)</label>
          <input id="lastSeenAt" name="lastSeenAt" type="datetime-local" required />
        </div>
        <fieldset class="field" id="last-seen-place" data-lat="lastSeenLat" data-lng="lastSeenLng" data-map-label="Map: tap where your pet was last seen">
          <legend>Where they were last seen</legend>
          <p class="hint">Only you see this point; others see a coarse area of about 0.7 km².</p>
          <CoordinateFields names={['lastSeenLat', 'lastSeenLng']} />
        </fieldset>
        <div class="field">
          <label for="radiusM">Search radius in metres</label>
          <input id="radiusM" name="radiusM" type="number" required min={MIN_RADIUS_M} max={MAX_RADIUS_M} step={50} inputmode="numeric" value={String(search.radiusM)} />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit" disabled={!open}>
          Save changes
        </button>
      </form>

      <section class="card stack" aria-labelledby="photos-heading">
        <h2 id="photos-heading">Photos</h2>
        <p class="hint">Between 1 and {MAX_PHOTOS}. Each new photo is checked for a dog or cat and added to what matching compares with.</p>
        <ul id="edit-photos" class="grid">
          {search.photos.map((photo, i) => (
            <li class="stack" data-photo-id={photo.id}>
              <img class={photo.usedForMatching ? 'pet-photo' : 'pet-photo photo-unmatched'} src={photo.url} alt={`${search.name}, photo ${i + 1} of ${search.photos.length}`} />
              {!photo.usedForMatching && <p class="warning">{ctx.t('photoCheck.unmatched')}</p>}
              <button type="button" class="secondary" data-remove={photo.id} disabled={!open || search.photos.length <= 1}>
                Remove photo {i + 1}
              </button>
            </li>
          ))}
        </ul>
        <form id="add-photo" class="stack" novalidate>
          <div class="field">
            <label for="photo">Add a photo</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required disabled={!open || search.photos.length >= MAX_PHOTOS} />
          </div>
          <div id="photo-check" class="stack" hidden></div>
          <ProgressBox id="photo-progress" label="Photo upload" />
          <p class="form-error" role="alert" aria-live="assertive"></p>
          <button type="submit" disabled={!open || search.photos.length >= MAX_PHOTOS}>
            Add photo
          </button>
        </form>
      </section>
    </Layout>
  )
}
