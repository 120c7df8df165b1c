import type { listHolds } from '../../searches/search-hold.service.ts'
import { coarsePlace, LocalTime } from './owner-format.tsx'

export type WaitingHold = Awaited<ReturnType<typeof listHolds>>[number]

interface Props {
  readonly searchId: string
  readonly petName: string
  readonly holds: readonly WaitingHold[]
}

/**
 * Look-alike searches by other people, held until this owner decides: a co-owner or relative is let through,
 * anyone else refused. Only what is needed to recognise them is shown, never who they are.
 */
export function HoldsSection({ searchId, petName, holds }: Props) {
  if (holds.length === 0) return null
  return (
    <section class="card stack" aria-labelledby="holds-heading" data-search-id={searchId}>
      <h2 id="holds-heading">Someone else reported a pet that looks like {petName}</h2>
      <p>
        {holds.length === 1 ? 'A search by another person is' : `${holds.length} searches by other people are`} waiting for you: a pet that looks like {petName}, lost
        near the same place. It is not public and not matched until you decide. Let it go ahead if it is someone you know who shares {petName} (a partner, a
        relative); refuse it otherwise. You never learn who they are, and they do not learn who you are.
      </p>
      <ul class="stack">
        {holds.map((hold) => (
          <li class="card stack">
            <p>
              <strong>“{hold.pet.name}”</strong> · {Math.round(hold.similarity * 100)}% alike · last seen <LocalTime at={hold.pet.lastSeenAt} /> near{' '}
              {coarsePlace(hold.pet.area.center)}
            </p>
            {hold.pet.description && <p class="muted">{hold.pet.description}</p>}
            <ul class="actions">
              <li>
                <button type="button" class="secondary" data-hold-id={hold.id} data-decision="release">
                  Let it go ahead
                </button>
              </li>
              <li>
                <button type="button" class="danger" data-hold-id={hold.id} data-decision="refuse">
                  Refuse it
                </button>
              </li>
            </ul>
          </li>
        ))}
      </ul>
      <p id="holds-error" class="form-error" role="alert"></p>
    </section>
  )
}
