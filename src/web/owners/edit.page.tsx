import { MAX_PHOTOS, MAX_RADIUS_M, MIN_RADIUS_M } from '../../searches/search.rules.ts'
import { CoordinateFields } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'
import { Layout, type PageContext } from '../layout.tsx'
import type { OwnerSearch } from './search.page.tsx'

/** The owner edits a report: details and place in one form (PATCH), photos one at a time. */
export function EditSearchPage({ ctx, search }: { ctx: PageContext; search: OwnerSearch }) {
  const open = search.status === 'active' || search.status === 'expired'
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('edit.title', { name: search.name })} scripts={['owner-edit']} data={search}>
      <p>
        <a href={`/lost/${search.id}`}>{t('edit.back', { name: search.name })}</a>
      </p>
      {!open && <p class="warning">{t(`edit.locked.${search.status as 'found' | 'closed' | 'held'}`)}</p>}
      <div id="edit-result" class="notice" role="status" aria-live="polite" tabindex={-1} hidden></div>
      <form id="edit-search" class="card stack" novalidate>
        <h2>{t('edit.details')}</h2>
        <div class="field">
          <label for="name">{t(`edit.name.${search.species}`)}</label>
          <input id="name" name="name" required maxlength={80} autocomplete="off" value={search.name} />
        </div>
        <div class="field">
          <label for="description">{t('report.description')}</label>
          <textarea id="description" name="description" rows={4} maxlength={2000} aria-describedby="description-hint">
            {search.description}
          </textarea>
          <p class="hint" id="description-hint">
            {t('edit.descriptionHint')}
          </p>
        </div>
        <div class="field">
          <label for="lastSeenAt">{t('report.lastSeen')}</label>
          <input id="lastSeenAt" name="lastSeenAt" type="datetime-local" required />
        </div>
        <fieldset
          class="field"
          id="last-seen-place"
          data-lat="lastSeenLat"
          data-lng="lastSeenLng"
          data-map-label={t('report.mapLabel')}
        >
          <legend>{t('report.where')}</legend>
          <p class="hint">{t('report.whereHint')}</p>
          <CoordinateFields names={['lastSeenLat', 'lastSeenLng']} t={t} />
        </fieldset>
        <div class="field">
          <label for="radiusM">{t('edit.radius')}</label>
          <input
            id="radiusM"
            name="radiusM"
            type="number"
            required
            min={MIN_RADIUS_M}
            max={MAX_RADIUS_M}
            step={50}
            inputmode="numeric"
            value={String(search.radiusM)}
          />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit" disabled={!open}>
          {t('edit.save')}
        </button>
      </form>

      <section class="card stack" aria-labelledby="photos-heading">
        <h2 id="photos-heading">{t('search.photos')}</h2>
        <p class="hint">{t('edit.photosHint', { max: MAX_PHOTOS })}</p>
        <ul id="edit-photos" class="grid">
          {search.photos.map((photo, i) => (
            <li class="stack" data-photo-id={photo.id}>
              <img
                class={photo.usedForMatching ? 'pet-photo' : 'pet-photo photo-unmatched'}
                src={photo.url}
                alt={t('search.photoAlt', { name: search.name, n: i + 1, count: search.photos.length })}
              />
              {!photo.usedForMatching && <p class="warning">{ctx.t('photoCheck.unmatched')}</p>}
              <button
                type="button"
                class="secondary"
                data-remove={photo.id}
                disabled={!open || search.photos.length <= 1}
              >
                {t('edit.remove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
        <form id="add-photo" class="stack" novalidate>
          <div class="field">
            <label for="photo">{t('edit.add')}</label>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              required
              disabled={!open || search.photos.length >= MAX_PHOTOS}
            />
          </div>
          <div id="photo-check" class="stack" hidden></div>
          <ProgressBox id="photo-progress" label={t('edit.progress')} />
          <p class="form-error" role="alert" aria-live="assertive"></p>
          <button type="submit" disabled={!open || search.photos.length >= MAX_PHOTOS}>
            {t('edit.addButton')}
          </button>
        </form>
      </section>
    </Layout>
  )
}
