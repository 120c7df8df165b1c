import type { Species } from '../../contracts/species.ts'
import type { toFinderFoundPet } from '../../found/found.service.ts'
import { MyFoundSection } from './my-found-section.tsx'
import type { SearchStatus } from '../../searches/search.table.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { LocalTime, statusLabels } from './owner-format.tsx'

export interface SearchCard {
  readonly id: string
  readonly name: string
  readonly species: Species
  readonly status: SearchStatus
  readonly lastSeenAt: string
  readonly expiresAt: string
  readonly sharePublicKey: string | null
  readonly photos: readonly { url: string }[]
}

type FinderFoundPet = ReturnType<typeof toFinderFoundPet>

export function MySearchesPage({ ctx, searches, found = [] }: { ctx: PageContext; searches: readonly SearchCard[]; found?: readonly FinderFoundPet[] }) {
  return (
    <Layout ctx={ctx} title="My searches" scripts={['owner-searches']} data={{ searches: searches.map((s) => ({ id: s.id, sharePublicKey: s.sharePublicKey })) }}>
      <ul class="actions">
        <li>
          <a class="button" href="/lost/new">
            Report a lost pet
          </a>
        </li>
        <li>
          <a class="button secondary" href="/threads">
            Messages
          </a>
        </li>
        <li>
          <a class="button secondary" href="/key">
            My key for shared snapshots
          </a>
        </li>
      </ul>
      <p id="key-status" class="notice" role="status" hidden></p>
      {searches.length === 0 ? (
        <p class="card">You have no searches yet. If your pet is missing, report it: we start matching right away.</p>
      ) : (
        <ul class="grid" aria-label="Your searches">
          {searches.map((s) => (
            <li class="card pet-card stack">
              {s.photos[0] && <img src={s.photos[0].url} alt={`${s.name}, your ${s.species}`} />}
              <h2>
                <a href={`/lost/${s.id}`}>{s.name}</a>
              </h2>
              <p>
                <span class="badge">{statusLabels[s.status].label}</span> <span class="muted">{s.species === 'cat' ? 'Cat' : 'Dog'}</span>
              </p>
              <p class="muted">
                Last seen <LocalTime at={s.lastSeenAt} />
                {s.status === 'active' && (
                  <>
                    <br />
                    Searching until <LocalTime at={s.expiresAt} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <MyFoundSection reports={found} />
    </Layout>
  )
}
