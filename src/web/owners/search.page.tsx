import type { Species } from '../../contracts/species.ts'
import type { toOwnerSearch } from '../../searches/search.view.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { HoldsSection, type WaitingHold } from './holds-section.tsx'
import { HomeAgainSection, HomeConfirmDialog } from './home-section.tsx'
import { areaSize } from '../components/area-sketch.tsx'
import { coarsePlace, WithTime } from './owner-format.tsx'

export type OwnerSearch = ReturnType<typeof toOwnerSearch>

export interface FoundMatch {
  readonly id: string
  readonly species: Species
  readonly foundAt: string
  readonly description: string
  readonly photoUrl: string
  readonly similarity: number
  readonly area: { center: { lat: number; lng: number } }
}

export interface ThreadLink {
  readonly id: string
  readonly lastMessageAt: string
}

interface Props {
  readonly ctx: PageContext
  readonly search: OwnerSearch
  readonly foundMatches: readonly FoundMatch[]
  readonly threads: readonly ThreadLink[]
  readonly holds: readonly WaitingHold[]
}

export function OwnerSearchPage({ ctx, search, foundMatches, threads, holds }: Props) {
  const open = search.status === 'active' || search.status === 'expired'
  const { t } = ctx
  const data = {
    id: search.id,
    name: search.name,
    sharePublicKey: search.sharePublicKey,
    lastSeen: search.lastSeen,
    lastSeenAt: search.lastSeenAt,
    area: search.area,
    thanks:
      search.status === 'found'
        ? {
            finder: ctx.t('home.thanks.finder', { when: '{when}' }),
            camera: ctx.t('home.thanks.camera', { when: '{when}' }),
          }
        : undefined,
  }
  return (
    <Layout
      ctx={ctx}
      title={t(`search.title.${search.species}`, { name: search.name })}
      scripts={['owner-search']}
      data={data}
    >
      <section class="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading">
          {t('search.status')} <span class={`badge status-${search.status}`}>{t(`status.${search.status}`)}</span>
        </h2>
        <p>{t(`status.${search.status}.meaning`)}</p>
        {search.needsClearPhoto && (
          <p class="warning" id="needs-clear-photo">
            {ctx.t('photoCheck.needsClear', { name: search.name })}{' '}
            {open && <a href={`/lost/${search.id}/edit`}>{t('search.addPhoto')}</a>}
          </p>
        )}
        <p class="muted">
          <WithTime text={t('search.lastSeen')} at={search.lastSeenAt} />{' '}
          {search.status === 'active' && <WithTime text={t('search.until')} at={search.expiresAt} />}
          {search.closedAt && <WithTime text={t('search.closed')} at={search.closedAt} />}
        </p>
        <ul class="actions no-print">
          <li>
            <a class="button secondary" href={`/lost/${search.id}/flyer`}>
              {t('search.flyer')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/pets/${search.id}`}>
              {t('search.public')}
            </a>
          </li>
          {open && (
            <>
              <li>
                <a class="button secondary" href={`/lost/${search.id}/edit`}>
                  {t('search.edit')}
                </a>
              </li>
              <li>
                <button type="button" data-action="found">
                  {t('search.home', { name: search.name })}
                </button>
              </li>
              <li>
                <button type="button" class="secondary" data-action="renew">
                  {t('search.renew')}
                </button>
              </li>
              <li>
                <button type="button" class="danger" data-action="closed">
                  {t('search.close')}
                </button>
              </li>
            </>
          )}
        </ul>
        <p id="action-error" class="form-error" role="alert"></p>
        {open && <HomeConfirmDialog ctx={ctx} search={search} />}
      </section>

      <HomeAgainSection ctx={ctx} search={search} />

      <HoldsSection ctx={ctx} searchId={search.id} petName={search.name} holds={holds} />

      <section aria-labelledby="photos-heading">
        <h2 id="photos-heading">{t('search.photos')}</h2>
        <ul class="grid">
          {search.photos.map((photo, i) => (
            <li>
              <img
                class={photo.usedForMatching ? 'pet-photo' : 'pet-photo photo-unmatched'}
                src={photo.url}
                alt={t('search.photoAlt', { name: search.name, n: i + 1, count: search.photos.length })}
              />
              {!photo.usedForMatching && <p class="warning">{ctx.t('photoCheck.unmatched')}</p>}
            </li>
          ))}
        </ul>
        {search.description && <p>{search.description}</p>}
      </section>

      <section aria-labelledby="push-heading" class="card stack">
        <h2 id="push-heading">{ctx.t('owner.push.heading')}</h2>
        <p>{ctx.t('owner.push.text')}</p>
        <p class="actions">
          <button type="button" id="push-enable" class="secondary">
            {ctx.t('notify.device.button')}
          </button>{' '}
          <a href="/notifications">{ctx.t('owner.push.settings')}</a>
        </p>
        <p id="push-status" class="hint" role="status"></p>
      </section>

      <section aria-labelledby="shares-heading" class="stack">
        <h2 id="shares-heading">{t('search.shares')}</h2>
        <p class="muted">{t(`search.sharesText.${search.species}`, { name: search.name })}</p>
        <p id="key-status" role="status" class="notice" hidden></p>
        <ul id="shares" class="grid" aria-label={t('search.sharesLabel')}></ul>
        <p id="shares-empty" class="muted" hidden>
          {t('search.sharesNone')}
        </p>
      </section>

      <section id="sighting-trail" aria-labelledby="trail-heading" class="stack">
        <h2 id="trail-heading">{t('search.trail', { name: search.name })}</h2>
        <p class="muted">{t('search.trailText', { size: areaSize(search.area, ctx.locale, t) })}</p>
        <div id="trail-map"></div>
        <ol id="trail-steps"></ol>
        <p id="trail-withheld" class="muted" hidden></p>
        <p id="trail-empty" class="muted" hidden>
          {t('search.trailNone', { name: search.name })}
        </p>
      </section>

      <section aria-labelledby="found-heading" class="stack">
        <h2 id="found-heading">{t('search.found', { name: search.name })}</h2>
        {foundMatches.length === 0 ? (
          <p class="muted">{t('search.foundNone', { name: search.name })}</p>
        ) : (
          <>
            <p class="muted">{t('search.foundText', { name: search.name })}</p>
            <ul class="grid">
              {foundMatches.map((m) => (
                <li class="card pet-card stack">
                  <img src={m.photoUrl} alt={t(`search.foundAlt.${m.species}`)} />
                  <p>
                    <strong>{t('search.alike', { percent: Math.round(m.similarity * 100) })}</strong> ·{' '}
                    <WithTime text={t('search.foundAt')} at={m.foundAt} />
                  </p>
                  <p class="muted">{t('search.near', { place: coarsePlace(m.area.center, ctx.locale) })}</p>
                  {m.description && <p>{m.description}</p>}
                  <form class="finder-message stack" data-found-id={m.id} novalidate>
                    <div class="field">
                      <label for={`finder-message-${m.id}`}>{t('search.messageFinder')}</label>
                      <textarea id={`finder-message-${m.id}`} name="body" required maxlength={2000} rows={3}></textarea>
                    </div>
                    <p class="form-error" role="alert"></p>
                    <button type="submit">{t('search.sendRelay')}</button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t('search.messages', { name: search.name })}</h2>
        {threads.length === 0 ? (
          <p class="muted">{t('search.messagesNone', { name: search.name })}</p>
        ) : (
          <ul>
            {threads.map((thread, i) => (
              <li>
                <a href={`/threads/${thread.id}`}>{t('search.conversation', { n: i + 1 })}</a> ·{' '}
                <WithTime text={t('search.lastMessage')} at={thread.lastMessageAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}
