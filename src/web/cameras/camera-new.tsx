import { MAX_RETENTION_HOURS } from '../../cameras/camera.rules.ts'
import type { Translate } from '../i18n/messages.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { ConsentBox } from './consent-box.tsx'
import { hoursWords, retentionWords } from './consent-status.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'

export const RETENTION_CHOICES = [1, 6, 12, 24, 48, MAX_RETENTION_HOURS] as const

export function RetentionSelect({ t, id, current }: { t: Translate; id: string; current: number }) {
  const choices = RETENTION_CHOICES.includes(current as (typeof RETENTION_CHOICES)[number])
    ? RETENTION_CHOICES
    : [...RETENTION_CHOICES, current].sort((a, b) => a - b)
  return (
    <select id={id} name="retentionHours" aria-describedby={`${id}-hint`}>
      {choices.map((hours) => (
        <option value={String(hours)} selected={hours === current}>
          {hours < 24
            ? hoursWords(t, hours)
            : t('camera.daysHours', { days: retentionWords(t, hours), hours: hoursWords(t, hours) })}
        </option>
      ))}
    </select>
  )
}

export function NewCameraPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('camera.new.title')} scripts={['camera-new']}>
      <p class="lead">{t('camera.new.lead')}</p>
      <form id="camera-new" class="stack" novalidate>
        <ConsentBox ctx={ctx} id="consent" heading={t('camera.new.agree')} />
        <div class="field">
          <label for="name">{t('camera.new.name')}</label>
          <input
            id="name"
            name="name"
            required
            maxlength={80}
            placeholder={t('camera.new.namePlaceholder')}
            aria-describedby="name-hint"
          />
          <p class="hint" id="name-hint">
            {t('camera.new.nameHint')}
          </p>
        </div>
        <div class="field">
          <label for="retention">{t('camera.keep')}</label>
          <RetentionSelect t={t} id="retention" current={MAX_RETENTION_HOURS} />
          <p class="hint" id="retention-hint">
            {t('camera.new.keepHint', { hours: MAX_RETENTION_HOURS })}
          </p>
        </div>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label={t('camera.new.mapLabel')}>
          <legend>{t('camera.new.where')}</legend>
          <p class="hint" id="place-hint">
            {placeWays(ctx)} {t('camera.new.whereHint')}
          </p>
          <CoordinateFields hintId="place-hint" t={t} />
        </fieldset>
        <p id="area-status" class="notice" role="status" aria-live="polite">
          {t('camera.new.noPlace')}
        </p>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <noscript>
          <p class="form-error">{t('camera.new.noscript')}</p>
        </noscript>
        <button type="submit" disabled>
          {t('camera.new.submit')}
        </button>
      </form>
    </Layout>
  )
}
