import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'

export function NewFoundPetPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('foundNew.title')} scripts={['found-new']}>
      <p class="lead">{t('foundNew.lead')}</p>
      <form id="found-new" class="stack" novalidate>
        <div class="field">
          <label for="photo">{t('foundNew.photo')}</label>
          <input
            id="photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            required
            aria-describedby="photo-hint"
          />
          <p class="hint" id="photo-hint">
            {t('foundNew.photoHint')}
          </p>
          <div id="photo-check" class="stack" hidden></div>
        </div>
        <fieldset class="field">
          <legend>{t('foundNew.species')}</legend>
          <div class="choice">
            <input id="species-dog" type="radio" name="species" value="dog" required />
            <label for="species-dog">{t('foundNew.dog')}</label>
          </div>
          <div class="choice">
            <input id="species-cat" type="radio" name="species" value="cat" />
            <label for="species-cat">{t('foundNew.cat')}</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="found-at">{t('foundNew.when')}</label>
          <input id="found-at" name="foundAt" type="datetime-local" required />
        </div>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label={t('foundNew.mapLabel')}>
          <legend>{t('foundNew.where')}</legend>
          <p class="hint" id="place-hint">
            {placeWays(ctx)} {t('foundNew.whereHint')}
          </p>
          <CoordinateFields hintId="place-hint" t={t} />
        </fieldset>
        <div class="field">
          <label for="note">{t('foundNew.note')}</label>
          <textarea id="note" name="description" rows={4} maxlength={2000} aria-describedby="note-hint"></textarea>
          <p class="hint" id="note-hint">
            {t('foundNew.noteHint')}
          </p>
        </div>
        <ProgressBox id="found-progress" label={t('foundNew.progress')} />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('foundNew.submit')}</button>
      </form>
    </Layout>
  )
}
