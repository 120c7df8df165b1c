import type { toFinderFoundPet } from '../../found/found.service.ts'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from '../owners/owner-format.tsx'
import { Layout, type PageContext } from '../layout.tsx'

type FoundPetView = ReturnType<typeof toFinderFoundPet>

export function FoundPetPage({ ctx, pet, mine, justReported }: { ctx: PageContext; pet: FoundPetView; mine: boolean; justReported: boolean }) {
  const species = pet.species === 'cat' ? 'cat' : 'dog'
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={`Found ${species}`} scripts={['found-pet']} data={{ area: pet.area, id: pet.id, confirmClose: t('found.close.confirm') }}>
      <div class="stack">
      {pet.status === 'reunited' && <p class="notice" role="status">{t('found.reunited')}</p>}
      {pet.status === 'closed' && <p class="notice" role="status">{t('found.closed')}</p>}
      {mine && pet.status === 'active' && (
        <div class="card stack" id="finder-actions">
          <p>{t('found.mine')}</p>
          <p>
            <button type="button" class="secondary" data-close-found="">
              {t('found.close')}
            </button>
          </p>
          <p class="form-error" role="alert"></p>
        </div>
      )}
      {!pet.usedForMatching && <p class="warning">{t('found.unmatched')}</p>}
      {justReported && (
        <div class="notice stack" role="status">
          <p>
            <strong>Thank you — your report is live.</strong> Homeward is comparing the photo with lost {species}s whose
            search area reaches this place; their owners will see it as a likely match. Neighbours see it in the feed.
          </p>
        </div>
      )}
      <div class="two-col">
        <img class="pet-photo" src={pet.photoUrl} alt={`Photo of the found ${species}`} />
        <dl class="facts">
          <dt>Species</dt>
          <dd>{species === 'cat' ? 'Cat' : 'Dog'}</dd>
          <dt>Found</dt>
          <dd>
            <LocalTime at={pet.foundAt} />
          </dd>
          <dt>Where</dt>
          <dd>Within a coarse area of {areaSize(pet.area)}, outlined on the map.</dd>
          {pet.description && (
            <>
              <dt>Finder’s note</dt>
              <dd class="description">{pet.description}</dd>
            </>
          )}
        </dl>
      </div>
      <section aria-labelledby="area-heading" class="stack">
        <h2 id="area-heading">Where it was found</h2>
        <div id="area-map">
          <AreaSketch area={pet.area} label={`Outline of the coarse area where the ${species} was found`} />
        </div>
      </section>
      <p>
        <a href="/feed">See other lost and found pets nearby</a>
      </p>
      </div>
    </Layout>
  )
}
