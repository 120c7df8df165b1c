import { CAMERA_CONSENT_TEXT, CAMERA_CONSENT_VERSION } from '../../cameras/consent.ts'

/** The same words, with the source's hard line wraps joined so the browser can wrap them to the screen. */
export const readableConsentText = CAMERA_CONSENT_TEXT.replace(/\n {3}/g, ' ')

/**
 * The opt-in text in full (the same words and version `GET /api/consent/camera` serves) and an explicit,
 * unticked checkbox: nothing is agreed to by default.
 */
export function ConsentBox({ id, heading }: { id: string; heading: string }) {
  return (
    <section class="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p class="muted">Version {CAMERA_CONSENT_VERSION}. Please read it all: it is what you agree to.</p>
      <pre class="consent-text" tabindex={0} aria-label={`Camera opt-in text, version ${CAMERA_CONSENT_VERSION}`}>
        {readableConsentText}
      </pre>
      <div class="field checkbox">
        <input id={`${id}-accept`} name="consent" type="checkbox" required value={CAMERA_CONSENT_VERSION} />
        <label for={`${id}-accept`}>I have read the camera opt-in (version {CAMERA_CONSENT_VERSION}) and agree to it</label>
      </div>
    </section>
  )
}
