import { Layout, type PageContext } from '../layout.tsx'
import { CoordinateFields, placeWays } from '../components/coordinate-fields.tsx'
import { ProgressBox } from '../components/progress-box.tsx'

export function NewFoundPetPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Report a found pet" scripts={['found-new']}>
      <p class="lead">
        Found a dog or cat? Add a photo and roughly where you found it. Homeward compares it with the lost pets nearby and
        lists it for your neighbours; its owner can write to you through the relay.
      </p>
      <form id="found-new" class="stack" novalidate>
        <div class="field">
          <label for="photo">Photo of the pet</label>
          <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required aria-describedby="photo-hint" />
          <p class="hint" id="photo-hint">
            JPEG, PNG or WebP, up to 10 MB. It must show the dog or cat; photos of people are refused. Location data in
            the file is removed.
          </p>
          <div id="photo-check" class="stack" hidden></div>
        </div>
        <fieldset class="field">
          <legend>Species</legend>
          <div class="choice">
            <input id="species-dog" type="radio" name="species" value="dog" required />
            <label for="species-dog">Dog</label>
          </div>
          <div class="choice">
            <input id="species-cat" type="radio" name="species" value="cat" />
            <label for="species-cat">Cat</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="found-at">When you found it</label>
          <input id="found-at" name="foundAt" type="datetime-local" required />
        </div>
        <fieldset class="field place" data-lat="lat" data-lng="lng" data-map-label="Map to pin where you found the pet">
          <legend>Where you found it</legend>
          <p class="hint" id="place-hint">
            {placeWays(ctx)} Only the coarse area around the pin (about 0.74 km²) is
            sent and shown — your browser sends the area’s centre, never the pin.
          </p>
          <CoordinateFields hintId="place-hint" />
        </fieldset>
        <div class="field">
          <label for="note">Note (optional)</label>
          <textarea id="note" name="description" rows={4} maxlength={2000} aria-describedby="note-hint"></textarea>
          <p class="hint" id="note-hint">Collar, colour, how it behaves. Shown publicly: leave out your address and phone number.</p>
        </div>
        <ProgressBox id="found-progress" label="Reporting the found pet" />
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Report found pet</button>
      </form>
    </Layout>
  )
}
