import { defaultRadiusM, MAX_RADIUS_M, MIN_RADIUS_M } from '../../searches/search.rules.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'

export function ReportLostPetPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Report a lost pet" scripts={['owner-report']} data={{ defaultRadiusM: { cat: defaultRadiusM('cat'), dog: defaultRadiusM('dog') } }}>
      <p class="lead">We match your photos against what opted-in cameras nearby have seen, and against found-pet reports. Only you see the exact place; everyone else sees a coarse area.</p>
      <form id="report-lost" class="card stack" novalidate>
        <div class="field">
          <label for="photos">Photos of your pet (1 to 5)</label>
          <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple required aria-describedby="photos-hint photos-error" />
          <p class="hint" id="photos-hint">Clear photos of your pet’s face and coat work best. JPEG, PNG or WebP, up to 10 MB each. Photos must show a dog or cat, not people.</p>
          <p class="field-error" id="photos-error" role="alert"></p>
          <ul id="photo-previews" class="photo-previews" aria-label="Chosen photos"></ul>
          <div id="photo-check" class="stack" hidden></div>
        </div>
        <fieldset class="field">
          <legend>Species</legend>
          <label class="choice">
            <input type="radio" name="species" value="cat" required /> Cat
          </label>
          <label class="choice">
            <input type="radio" name="species" value="dog" required /> Dog
          </label>
        </fieldset>
        <div class="field">
          <label for="name">Your pet’s name</label>
          <input id="name" name="name" required maxlength={80} autocomplete="off" />
        </div>
        <div class="field">
          <label for="description">Description (optional)</label>
          <textarea id="description" name="description" rows={4} maxlength={2000} aria-describedby="description-hint"></textarea>
          <p class="hint" id="description-hint">Markings, collar, temperament, anything that helps someone recognise them. Shown publicly; don’t add your phone or address.</p>
        </div>
        <div class="field">
          <label for="lastSeenAt">Last seen (your local time)</label>
          <input id="lastSeenAt" name="lastSeenAt" type="datetime-local" required aria-describedby="lastSeenAt-hint" />
          <p class="hint" id="lastSeenAt-hint">Set to now; change it if you last saw them earlier.</p>
        </div>
        <fieldset class="field" id="last-seen-place" data-lat="lastSeenLat" data-lng="lastSeenLng" data-map-label="Map: tap where your pet was last seen">
          <legend>Where they were last seen</legend>
          <p class="hint">{placeWays(ctx)} Only you see this point; others see a coarse area of about 0.7 km².</p>
          <CoordinateFields names={['lastSeenLat', 'lastSeenLng']} />
        </fieldset>
        <div class="field">
          <label for="radiusM">Search radius in metres (optional)</label>
          <input id="radiusM" name="radiusM" type="number" min={MIN_RADIUS_M} max={MAX_RADIUS_M} step={50} inputmode="numeric" aria-describedby="radius-hint" />
          <p class="hint" id="radius-hint">
            Leave empty for the usual range: {defaultRadiusM('cat')} m for a cat (cats mostly stay within a few gardens of home), {defaultRadiusM('dog') / 1000} km for a
            dog (dogs roam further).
          </p>
        </div>
        <ProgressBox id="report-progress" label="Starting the search" />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Start the search</button>
      </form>
    </Layout>
  )
}
