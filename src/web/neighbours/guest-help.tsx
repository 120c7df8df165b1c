import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'
import type { PageContext } from '../layout.tsx'

/** A field people never see and bots fill: a guest form with it filled is refused (400). */
function Honeypot({ ctx, id }: { ctx: PageContext; id: string }) {
  return (
    <div class="visually-hidden" aria-hidden="true">
      <label for={id}>{ctx.t('guest.honeypot')}</label>
      <input id={id} name="website" type="text" tabindex={-1} autocomplete="off" />
    </div>
  )
}

/**
 * Guest help on a lost pet's page, for someone without an account (or not signed in): a message to the owner
 * and "I saw this pet", each answered with a one-time link to read the owner's replies (client/guest/).
 */
export function GuestHelp({ ctx, name, signInPath }: { ctx: PageContext; name: string; signInPath: string }) {
  const { t } = ctx
  return (
    <div class="stack">
      <p>{t('guest.intro', { name })}</p>
      <form id="guest-message" class="stack" novalidate>
        <div class="field">
          <label for="message">{t('pet.message')}</label>
          <textarea
            id="message"
            name="body"
            rows={5}
            required
            maxlength={2000}
            placeholder={t('pet.messagePlaceholder', { name })}
          ></textarea>
        </div>
        <Honeypot ctx={ctx} id="message-website" />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('guest.send')}</button>
      </form>
      <form id="guest-sighting" class="stack" novalidate aria-labelledby="sighting-heading">
        <h3 id="sighting-heading">{t('guest.sighting.heading', { name })}</h3>
        <p class="hint">{t('guest.sighting.hint')}</p>
        <div class="field">
          <label for="seen-at">{t('guest.sighting.when', { name })}</label>
          <input id="seen-at" name="seenAt" type="datetime-local" required />
        </div>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label={t('guest.sighting.mapLabel')}>
          <legend>{t('guest.sighting.where', { name })}</legend>
          <p class="hint" id="place-hint">
            {placeWays(ctx)}
          </p>
          <CoordinateFields hintId="place-hint" t={t} />
        </fieldset>
        <div class="field">
          <label for="seen-photo">{t('guest.sighting.photo')}</label>
          <input
            id="seen-photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            aria-describedby="seen-photo-hint"
          />
          <p class="hint" id="seen-photo-hint">
            {t('guest.sighting.photoHint')}
          </p>
        </div>
        <div class="field">
          <label for="seen-note">{t('guest.sighting.note')}</label>
          <textarea id="seen-note" name="note" rows={3} maxlength={2000}></textarea>
        </div>
        <Honeypot ctx={ctx} id="sighting-website" />
        <ProgressBox id="sighting-progress" label={t('guest.sighting.send')} />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">{t('guest.sighting.send')}</button>
      </form>
      <div id="guest-sent" role="status" aria-live="polite"></div>
      <p class="muted">
        {t('guest.account')} <a href={`/sign-in?next=${encodeURIComponent(signInPath)}`}>{t('pet.signIn')}</a>
      </p>
    </div>
  )
}
