import type { toFinderFoundPet } from '../../found/found.service.ts'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from '../owners/owner-format.tsx'
import { Layout, type PageContext } from '../layout.tsx'

type FoundPetView = ReturnType<typeof toFinderFoundPet>

export function FoundPetPage({
  ctx,
  pet,
  mine,
  justReported,
}: {
  ctx: PageContext
  pet: FoundPetView
  mine: boolean
  justReported: boolean
}) {
  const species = pet.species === 'cat' ? 'cat' : 'dog'
  const { t } = ctx
  return (
    <Layout
      ctx={ctx}
      title={t(`found.title.${species}`)}
      scripts={['found-pet']}
      data={{ area: pet.area, id: pet.id, confirmClose: t('found.close.confirm') }}
    >
      <div class="stack">
        {pet.status === 'reunited' && (
          <p class="notice" role="status">
            {t('found.reunited')}
          </p>
        )}
        {pet.status === 'closed' && (
          <p class="notice" role="status">
            {t('found.closed')}
          </p>
        )}
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
              <strong>{t('found.live')}</strong> {t(`found.live.${species}`)}
            </p>
          </div>
        )}
        <div class="two-col">
          <img class="pet-photo" src={pet.photoUrl} alt={t(`found.photo.${species}`)} />
          <dl class="facts">
            <dt>{t('pet.species')}</dt>
            <dd>{t(`pet.species.${species}`)}</dd>
            <dt>{t('found.found')}</dt>
            <dd>
              <LocalTime at={pet.foundAt} />
            </dd>
            <dt>{t('pet.where')}</dt>
            <dd>{t('pet.whereText', { size: areaSize(pet.area, ctx.locale, t) })}</dd>
            {pet.description && (
              <>
                <dt>{t('found.note')}</dt>
                <dd class="description">{pet.description}</dd>
              </>
            )}
          </dl>
        </div>
        <section aria-labelledby="area-heading" class="stack">
          <h2 id="area-heading">{t('found.areaHeading')}</h2>
          <div id="area-map">
            <AreaSketch area={pet.area} label={t(`found.outline.${species}`)} />
          </div>
        </section>
        <p>
          <a href="/feed">{t('found.more')}</a>
        </p>
      </div>
    </Layout>
  )
}
