import { MAX_RETENTION_HOURS } from '../../cameras/camera.rules.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { ConsentBox } from './consent-box.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'

export const RETENTION_CHOICES = [1, 6, 12, 24, 48, MAX_RETENTION_HOURS] as const

export function RetentionSelect({ id, current }: { id: string; current: number }) {
  const choices = RETENTION_CHOICES.includes(current as (typeof RETENTION_CHOICES)[number]) ? RETENTION_CHOICES : [...RETENTION_CHOICES, current].sort((a, b) => a - b)
  return (
    <select id={id} name="retentionHours" aria-describedby={`${id}-hint`}>
      {choices.map((hours) => (
        <option value={String(hours)} selected={hours === current}>
          {hours < 24 ? `${hours} hour${hours === 1 ? '' : 's'}` : `${hours / 24} day${hours === 24 ? '' : 's'} (${hours} hours)`}
        </option>
      ))}
    </select>
  )
}

export function NewCameraPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Register a camera" scripts={['camera-new']}>
      <p class="lead">
        Opt one camera in. Afterwards you will get a one-time code to pair the Homeward agent that runs on your own
        machine next to the camera.
      </p>
      <form id="camera-new" class="stack" novalidate>
        <ConsentBox id="consent" heading="What you agree to" />
        <div class="field">
          <label for="name">Camera name</label>
          <input id="name" name="name" required maxlength={80} placeholder="Front door" aria-describedby="name-hint" />
          <p class="hint" id="name-hint">Only you see it.</p>
        </div>
        <div class="field">
          <label for="retention">Keep sightings for</label>
          <RetentionSelect id="retention" current={MAX_RETENTION_HOURS} />
          <p class="hint" id="retention-hint">
            After this, Homeward deletes the camera’s sightings. At most {MAX_RETENTION_HOURS} hours.
          </p>
        </div>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label="Map to pin where the camera is">
          <legend>Where the camera is</legend>
          <p class="hint" id="place-hint">
            {placeWays(ctx)} Your browser turns the pin into a coarse area of about
            0.74 km² before anything is sent: Homeward stores only that area, never the pin, and shows it to nobody but
            you.
          </p>
          <CoordinateFields hintId="place-hint" />
        </fieldset>
        <p id="area-status" class="notice" role="status" aria-live="polite">
          No place yet: pin the camera on the map to see the area that will be stored.
        </p>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <noscript>
          <p class="form-error">
            This form needs JavaScript: the coarse area is computed in your browser so your exact location is never
            sent.
          </p>
        </noscript>
        <button type="submit" disabled>
          Register camera
        </button>
      </form>
    </Layout>
  )
}
