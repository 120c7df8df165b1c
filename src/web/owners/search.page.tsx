import type { Species } from '../../contracts/species.ts'
import type { toOwnerSearch } from '../../searches/search.view.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { HoldsSection, type WaitingHold } from './holds-section.tsx'
import { HomeAgainSection, HomeConfirmDialog } from './home-section.tsx'
import { coarsePlace, LocalTime, speciesNoun, statusLabels } from './owner-format.tsx'

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
  const status = statusLabels[search.status]
  const data = {
    id: search.id,
    name: search.name,
    sharePublicKey: search.sharePublicKey,
    lastSeen: search.lastSeen,
    lastSeenAt: search.lastSeenAt,
    area: search.area,
    thanks: search.status === 'found' ? { finder: ctx.t('home.thanks.finder', { when: '{when}' }), camera: ctx.t('home.thanks.camera', { when: '{when}' }) } : undefined,
  }
  return (
    <Layout ctx={ctx} title={`${search.name}, your lost ${speciesNoun(search.species)}`} scripts={['owner-search']} data={data}>
      <section class="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading">
          Status: <span class={`badge status-${search.status}`}>{status.label}</span>
        </h2>
        <p>{status.meaning}</p>
        {search.needsClearPhoto && (
          <p class="warning" id="needs-clear-photo">
            {ctx.t('photoCheck.needsClear', { name: search.name })}{' '}
            {open && <a href={`/lost/${search.id}/edit`}>Add a photo</a>}
          </p>
        )}
        <p class="muted">
          Last seen <LocalTime at={search.lastSeenAt} />. {search.status === 'active' && <>Searching until <LocalTime at={search.expiresAt} />.</>}
          {search.closedAt && (
            <>
              Closed <LocalTime at={search.closedAt} />.
            </>
          )}
        </p>
        <ul class="actions no-print">
          <li>
            <a class="button secondary" href={`/lost/${search.id}/flyer`}>
              Print a flyer
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/pets/${search.id}`}>
              Public page
            </a>
          </li>
          {open && (
            <>
              <li>
                <a class="button secondary" href={`/lost/${search.id}/edit`}>
                  Edit the report
                </a>
              </li>
              <li>
                <button type="button" data-action="found">
                  {search.name} is home
                </button>
              </li>
              <li>
                <button type="button" class="secondary" data-action="renew">
                  Renew for 30 days
                </button>
              </li>
              <li>
                <button type="button" class="danger" data-action="closed">
                  Close the search
                </button>
              </li>
            </>
          )}
        </ul>
        <p id="action-error" class="form-error" role="alert"></p>
        {open && <HomeConfirmDialog ctx={ctx} search={search} />}
      </section>

      <HomeAgainSection ctx={ctx} search={search} />

      <HoldsSection searchId={search.id} petName={search.name} holds={holds} />

      <section aria-labelledby="photos-heading">
        <h2 id="photos-heading">Photos</h2>
        <ul class="grid">
          {search.photos.map((photo, i) => (
            <li>
              <img class={photo.usedForMatching ? 'pet-photo' : 'pet-photo photo-unmatched'} src={photo.url} alt={`${search.name}, photo ${i + 1} of ${search.photos.length}`} />
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
          <button type="button" id="push-enable" class="secondary">{ctx.t('notify.device.button')}</button> <a href="/notifications">{ctx.t('owner.push.settings')}</a>
        </p>
        <p id="push-status" class="hint" role="status"></p>
      </section>

      <section aria-labelledby="shares-heading" class="stack">
        <h2 id="shares-heading">Snapshots shared with you</h2>
        <p class="muted">
          When an opted-in camera near where {search.name} was last seen sees a {speciesNoun(search.species)} like {search.name}, only its owner is told, and only they decide whether to
          share one snapshot. It is encrypted on their device so that only your devices can open it: Homeward stores ciphertext.
        </p>
        <p id="key-status" role="status" class="notice" hidden></p>
        <ul id="shares" class="grid" aria-label="Shared snapshots"></ul>
        <p id="shares-empty" class="muted" hidden>
          No snapshots shared yet.
        </p>
      </section>

      <section id="sighting-trail" aria-labelledby="trail-heading" class="stack">
        <h2 id="trail-heading">Where {search.name} has been seen</h2>
        <p class="muted">
          Likely sightings by coarse area (about {search.area.areaKm2} km² each) and hour, oldest first — counted from what opted-in
          cameras saw, never naming a camera — and the areas of snapshots camera owners chose to share.
        </p>
        <div id="trail-map"></div>
        <ol id="trail-steps"></ol>
        <p id="trail-withheld" class="muted" hidden></p>
        <p id="trail-empty" class="muted" hidden>
          No likely sightings yet. The outline shows the coarse area around where {search.name} was last seen.
        </p>
      </section>

      <section aria-labelledby="found-heading" class="stack">
        <h2 id="found-heading">Found pets that look like {search.name}</h2>
        {foundMatches.length === 0 ? (
          <p class="muted">No found-pet report looks like {search.name} yet. New reports nearby are checked as they arrive.</p>
        ) : (
          <>
            <p class="muted">Write to a finder here, or they can message you from {search.name}’s public page: neither of you sees the other’s email.</p>
            <ul class="grid">
              {foundMatches.map((m) => (
                <li class="card pet-card stack">
                  <img src={m.photoUrl} alt={`A found ${speciesNoun(m.species)}`} />
                  <p>
                    <strong>{Math.round(m.similarity * 100)}% alike</strong> · found <LocalTime at={m.foundAt} />
                  </p>
                  <p class="muted">Near {coarsePlace(m.area.center)}</p>
                  {m.description && <p>{m.description}</p>}
                  <form class="finder-message stack" data-found-id={m.id} novalidate>
                    <div class="field">
                      <label for={`finder-message-${m.id}`}>Message the finder</label>
                      <textarea id={`finder-message-${m.id}`} name="body" required maxlength={2000} rows={3}></textarea>
                    </div>
                    <p class="form-error" role="alert"></p>
                    <button type="submit">Send through Homeward</button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages about {search.name}</h2>
        {threads.length === 0 ? (
          <p class="muted">No messages yet. People who see {search.name} can write to you from the public page or the flyer’s QR code; your email is never shown.</p>
        ) : (
          <ul>
            {threads.map((t, i) => (
              <li>
                <a href={`/threads/${t.id}`}>Conversation {i + 1}</a> · last message <LocalTime at={t.lastMessageAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}
