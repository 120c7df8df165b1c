import type { toFinderFoundPet } from '../../found/found.service.ts'
import type { PageContext } from '../layout.tsx'
import { LocalTime } from './owner-format.tsx'

type FinderFoundPet = ReturnType<typeof toFinderFoundPet>

/** The finder's own found-pet reports, each linking to its page, where an open one can be closed. */
export function MyFoundSection({ ctx, reports }: { ctx: PageContext; reports: readonly FinderFoundPet[] }) {
  if (reports.length === 0) return null
  const { t } = ctx
  return (
    <section class="stack" aria-labelledby="my-found-heading">
      <h2 id="my-found-heading">{t('myFound.heading')}</h2>
      <ul class="stack">
        {reports.map((r) => (
          <li>
            <a href={`/found/${r.id}`}>{t(r.species === 'cat' ? 'myFound.cat' : 'myFound.dog')}</a>,{' '}
            <LocalTime at={r.foundAt} />{' '}
            <span
              class={`badge ${r.status === 'reunited' ? 'home-again' : r.status === 'active' ? 'kind-found' : 'status-none'}`}
            >
              {t(`myFound.status.${r.status}`)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
