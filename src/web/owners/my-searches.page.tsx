import type { Species } from '../../contracts/species.ts'
import type { toFinderFoundPet } from '../../found/found.service.ts'
import { MyFoundSection } from './my-found-section.tsx'
import type { SearchStatus } from '../../searches/search.table.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { WithTime } from './owner-format.tsx'

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

export function MySearchesPage({
  ctx,
  searches,
  found = [],
}: {
  ctx: PageContext
  searches: readonly SearchCard[]
  found?: readonly FinderFoundPet[]
}) {
  const { t } = ctx
  return (
    <Layout
      ctx={ctx}
      title={t('me.title')}
      scripts={['owner-searches']}
      data={{ searches: searches.map((s) => ({ id: s.id, sharePublicKey: s.sharePublicKey })) }}
    >
      <ul class="actions">
        <li>
          <a class="button" href="/lost/new">
            {t('me.report')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/threads">
            {t('me.messages')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/key">
            {t('me.key')}
          </a>
        </li>
      </ul>
      <p id="key-status" class="notice" role="status" hidden></p>
      {searches.length === 0 ? (
        <p class="card">{t('me.none')}</p>
      ) : (
        <ul class="grid" aria-label={t('me.label')}>
          {searches.map((s) => (
            <li class="card pet-card stack">
              {s.photos[0] && <img src={s.photos[0].url} alt={t(`me.photo.${s.species}`, { name: s.name })} />}
              <h2>
                <a href={`/lost/${s.id}`}>{s.name}</a>
              </h2>
              <p>
                <span class="badge">{t(`status.${s.status}`)}</span>{' '}
                <span class="muted">{t(`pet.species.${s.species}`)}</span>
              </p>
              <p class="muted">
                <WithTime text={t('me.lastSeen')} at={s.lastSeenAt} />
                {s.status === 'active' && (
                  <>
                    <br />
                    <WithTime text={t('me.until')} at={s.expiresAt} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <MyFoundSection ctx={ctx} reports={found} />
    </Layout>
  )
}
