import type { toFinderFoundPet } from '../../found/found.service.ts'
import { LocalTime } from './owner-format.tsx'

type FinderFoundPet = ReturnType<typeof toFinderFoundPet>

const statusText = { active: 'In the feed', closed: 'Closed', reunited: 'Home again' } as const

/** The finder's own found-pet reports, each linking to its page, where an open one can be closed. */
export function MyFoundSection({ reports }: { reports: readonly FinderFoundPet[] }) {
  if (reports.length === 0) return null
  return (
    <section class="stack" aria-labelledby="my-found-heading">
      <h2 id="my-found-heading">Pets you found</h2>
      <ul class="stack">
        {reports.map((r) => (
          <li>
            <a href={`/found/${r.id}`}>Found {r.species === 'cat' ? 'cat' : 'dog'}</a>, <LocalTime at={r.foundAt} />{' '}
            <span class={`badge ${r.status === 'reunited' ? 'home-again' : r.status === 'active' ? 'kind-found' : 'status-none'}`}>{statusText[r.status]}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
