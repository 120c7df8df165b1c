import type { toPublicLostPet } from '../../searches/search.view.ts'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from '../owners/owner-format.tsx'
import { Layout, type PageContext } from '../layout.tsx'

type PublicLostPet = ReturnType<typeof toPublicLostPet>

/** A lost pet's public page: what its owner chose to publish, a coarse area, and the relay to write to them. */
/** `yours`: the owner looking at their own public page gets their threads instead of a form to write to themselves. */
export function PetPage({ ctx, pet, yours }: { ctx: PageContext; pet: PublicLostPet; yours: boolean }) {
  const found = pet.status === 'found'
  const next = `/pets/${pet.id}`
  return (
    <Layout ctx={ctx} title={found ? `${pet.name} is home` : `Lost ${pet.species}: ${pet.name}`} scripts={['pet']} data={{ petId: pet.id, name: pet.name, area: pet.area }}>
      <div class="stack">
      {found && <p class="notice">Good news: {pet.name} has been found. Thank you for looking.</p>}
      <div class="two-col">
        <div class="stack">
          {pet.photos.map((photo, i) => (
            <img class="pet-photo" src={photo.url} width={photo.width} height={photo.height} alt={i === 0 ? `Photo of ${pet.name}, the lost ${pet.species}` : `Another photo of ${pet.name}`} />
          ))}
        </div>
        <div class="stack">
          <dl class="facts">
            <dt>Species</dt>
            <dd>{pet.species === 'cat' ? 'Cat' : 'Dog'}</dd>
            <dt>Last seen</dt>
            <dd>
              <LocalTime at={pet.lastSeenAt} />
            </dd>
            <dt>Where</dt>
            <dd>Within a coarse area of {areaSize(pet.area)}, outlined on the map.</dd>
          </dl>
          {pet.description && (
            <section aria-labelledby="about-heading">
              <h2 id="about-heading">About {pet.name}</h2>
              <p class="description">{pet.description}</p>
            </section>
          )}
        </div>
      </div>
      <section aria-labelledby="area-heading" class="stack">
        <h2 id="area-heading">Where {pet.name} was last seen</h2>
        <div id="area-map">
          <AreaSketch area={pet.area} label={`Outline of the coarse area where ${pet.name} was last seen`} />
        </div>
      </section>
      {!found && yours && (
        <p class="notice">
          This is how neighbours see {pet.name}’s page. Their messages reach you in <a href="/threads">your messages</a>.
        </p>
      )}
      {!found && !yours && (
        <section aria-labelledby="message-heading" class="card stack">
          <h2 id="message-heading">Seen {pet.name}? Message the owner</h2>
          <p class="hint">
            Your message goes through Homeward’s relay: the owner does not see your name or email, and you do not see
            theirs.
          </p>
          {ctx.user ? (
            <form id="relay-message" class="stack" novalidate>
              <div class="field">
                <label for="message">Your message</label>
                <textarea id="message" name="body" rows={5} required maxlength={2000} placeholder={`Where and when did you see ${pet.name}?`}></textarea>
              </div>
              <p class="form-error" role="alert" aria-live="assertive"></p>
              <button type="submit">Send to the owner</button>
            </form>
          ) : (
            <p>
              <a class="button" href={`/sign-in?next=${encodeURIComponent(next)}`}>
                Sign in to message the owner
              </a>{' '}
              or <a href={`/sign-up?next=${encodeURIComponent(next)}`}>create an account</a>.
            </p>
          )}
          <div id="relay-sent" role="status" aria-live="polite"></div>
        </section>
      )}
      </div>
    </Layout>
  )
}
