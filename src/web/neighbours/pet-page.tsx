import type { toPublicLostPet } from '../../searches/search.view.ts'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from '../owners/owner-format.tsx'
import { Layout, type PageContext } from '../layout.tsx'
import { GuestHelp } from './guest-help.tsx'

type PublicLostPet = ReturnType<typeof toPublicLostPet>

/** A lost pet's public page: what its owner chose to publish, a coarse area, and the relay to write to them. */
/** `yours`: the owner looking at their own public page gets their threads instead of a form to write to themselves. */
export function PetPage({ ctx, pet, yours }: { ctx: PageContext; pet: PublicLostPet; yours: boolean }) {
  const found = pet.status === 'found'
  const next = `/pets/${pet.id}`
  const { t } = ctx
  const name = pet.name
  const species = pet.species === 'cat' ? 'cat' : 'dog'
  return (
    <Layout
      ctx={ctx}
      title={found ? t('pet.title.home', { name }) : t(`pet.title.lost.${species}`, { name })}
      scripts={['pet']}
      data={{ petId: pet.id, name: pet.name, area: pet.area, mapLabel: t('pet.areaMap', { name }) }}
    >
      <div class="stack">
        {found && <p class="notice">{t('pet.foundNotice', { name })}</p>}
        <div class="two-col">
          <div class="stack">
            {pet.photos.map((photo, i) => (
              <img
                class="pet-photo"
                src={photo.url}
                width={photo.width}
                height={photo.height}
                fetchpriority={i === 0 ? 'high' : undefined}
                loading={i === 0 ? undefined : 'lazy'}
                decoding={i === 0 ? undefined : 'async'}
                alt={i === 0 ? t(`pet.photo.first.${species}`, { name }) : t('pet.photo.another', { name })}
              />
            ))}
          </div>
          <div class="stack">
            <dl class="facts">
              <dt>{t('pet.species')}</dt>
              <dd>{t(`pet.species.${species}`)}</dd>
              <dt>{t('pet.lastSeen')}</dt>
              <dd>
                <LocalTime at={pet.lastSeenAt} />
              </dd>
              <dt>{t('pet.where')}</dt>
              <dd>{t('pet.whereText', { size: areaSize(pet.area, ctx.locale, t) })}</dd>
            </dl>
            {pet.description && (
              <section aria-labelledby="about-heading">
                <h2 id="about-heading">{t('pet.about', { name })}</h2>
                <p class="description">{pet.description}</p>
              </section>
            )}
          </div>
        </div>
        <section aria-labelledby="area-heading" class="stack">
          <h2 id="area-heading">{t('pet.areaHeading', { name })}</h2>
          <div id="area-map">
            <AreaSketch area={pet.area} label={t('pet.areaOutline', { name })} />
          </div>
        </section>
        {!found && yours && (
          <p class="notice">
            {t('pet.yours.before', { name })} <a href="/threads">{t('pet.yours.link')}</a>.
          </p>
        )}
        {!found && !yours && (
          <section aria-labelledby="message-heading" class="card stack">
            <h2 id="message-heading">{t('pet.messageHeading', { name })}</h2>
            <p class="hint">{t('pet.relayHint')}</p>
            {ctx.user ? (
              <form id="relay-message" class="stack" novalidate>
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
                <p class="form-error" role="alert" aria-live="assertive"></p>
                <button type="submit">{t('pet.send')}</button>
              </form>
            ) : (
              <GuestHelp ctx={ctx} name={name} signInPath={next} />
            )}
            <div id="relay-sent" role="status" aria-live="polite"></div>
          </section>
        )}
      </div>
    </Layout>
  )
}
