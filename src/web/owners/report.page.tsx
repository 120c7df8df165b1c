import { defaultRadiusM, MAX_RADIUS_M, MIN_RADIUS_M } from '../../searches/search.rules.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'

export function ReportLostPetPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout
      ctx={ctx}
      title={t('report.title')}
      scripts={['owner-report']}
      data={{ defaultRadiusM: { cat: defaultRadiusM('cat'), dog: defaultRadiusM('dog') } }}
    >
      <p class="lead">{t('report.lead')}</p>
      <form id="report-lost" class="card stack" novalidate>
        <div class="field">
          <label for="photos">{t('report.photos')}</label>
          <input
            id="photos"
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            required
            aria-describedby="photos-hint photos-error"
          />
          <p class="hint" id="photos-hint">
            {t('report.photosHint')}
          </p>
          <p class="field-error" id="photos-error" role="alert"></p>
          <ul id="photo-previews" class="photo-previews" aria-label={t('report.previews')}></ul>
          <div id="photo-check" class="stack" hidden></div>
        </div>
        <fieldset class="field">
          <legend>{t('report.species')}</legend>
          <label class="choice">
            <input type="radio" name="species" value="cat" required /> {t('report.cat')}
          </label>
          <label class="choice">
            <input type="radio" name="species" value="dog" required /> {t('report.dog')}
          </label>
        </fieldset>
        <div class="field">
          <label for="name">{t('report.name')}</label>
          <input id="name" name="name" required maxlength={80} autocomplete="off" />
        </div>
        <div class="field">
          <label for="description">{t('report.description')}</label>
          <textarea
            id="description"
            name="description"
            rows={4}
            maxlength={2000}
            aria-describedby="description-hint"
          ></textarea>
          <p class="hint" id="description-hint">
            {t('report.descriptionHint')}
          </p>
        </div>
        <div class="field">
          <label for="lastSeenAt">{t('report.lastSeen')}</label>
          <input id="lastSeenAt" name="lastSeenAt" type="datetime-local" required aria-describedby="lastSeenAt-hint" />
          <p class="hint" id="lastSeenAt-hint">
            {t('report.lastSeenHint')}
          </p>
        </div>
        <fieldset
          class="field"
          id="last-seen-place"
          data-lat="lastSeenLat"
          data-lng="lastSeenLng"
          data-map-label={t('report.mapLabel')}
        >
          <legend>{t('report.where')}</legend>
          <p class="hint">
            {placeWays(ctx)} {t('report.whereHint')}
          </p>
          <CoordinateFields names={['lastSeenLat', 'lastSeenLng']} t={t} />
        </fieldset>
        <div class="field">
          <label for="radiusM">{t('report.radius')}</label>
          <input
            id="radiusM"
            name="radiusM"
            type="number"
            min={MIN_RADIUS_M}
            max={MAX_RADIUS_M}
            step={50}
            inputmode="numeric"
            aria-describedby="radius-hint"
          />
          <p class="hint" id="radius-hint">
            {t('report.radiusHint', {
              cat: new Intl.NumberFormat(ctx.locale).format(defaultRadiusM('cat')),
              dog: new Intl.NumberFormat(ctx.locale).format(defaultRadiusM('dog') / 1000),
            })}
          </p>
        </div>
        <ProgressBox id="report-progress" label={t('report.progress')} />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('report.submit')}</button>
      </form>
    </Layout>
  )
}
