import { CAMERA_CONSENT_TEXT, CAMERA_CONSENT_VERSION } from '../../cameras/consent.ts'
import type { PageContext } from '../layout.tsx'

/** The same words, with the source's hard line wraps joined so the browser can wrap them to the screen. */
export const readableConsentText = CAMERA_CONSENT_TEXT.replace(/\n {3}/g, ' ')

/**
 * The opt-in text in full (the same words and version `GET /api/consent/camera` serves) and an explicit,
 * unticked checkbox: nothing is agreed to by default. The text stays English in every language: it is the
 * versioned text agreed to, and a translation would need a version of its own.
 */
export function ConsentBox({ ctx, id, heading }: { ctx: PageContext; id: string; heading: string }) {
  const { t } = ctx
  const version = CAMERA_CONSENT_VERSION
  return (
    <section class="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p class="muted">{t('camera.consent.version', { version })}</p>
      {ctx.locale !== 'en' && <p class="hint">{t('camera.consent.englishOnly')}</p>}
      <pre class="consent-text" tabindex={0} lang="en" aria-label={t('camera.consent.textLabel', { version })}>
        {readableConsentText}
      </pre>
      <div class="field checkbox">
        <input id={`${id}-accept`} name="consent" type="checkbox" required value={CAMERA_CONSENT_VERSION} />
        <label for={`${id}-accept`}>{t('camera.consent.accept', { version })}</label>
      </div>
    </section>
  )
}
