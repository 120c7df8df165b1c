import type { listHolds } from '../../searches/search-hold.service.ts'
import type { PageContext } from '../layout.tsx'
import { coarsePlace, WithTime } from './owner-format.tsx'

export type WaitingHold = Awaited<ReturnType<typeof listHolds>>[number]

interface Props {
  readonly ctx: PageContext
  readonly searchId: string
  readonly petName: string
  readonly holds: readonly WaitingHold[]
}

/**
 * Look-alike searches by other people, held until this owner decides: a co-owner or relative is let through,
 * anyone else refused. Only what is needed to recognise them is shown, never who they are.
 */
export function HoldsSection({ ctx, searchId, petName, holds }: Props) {
  if (holds.length === 0) return null
  const { t } = ctx
  return (
    <section class="card stack" aria-labelledby="holds-heading" data-search-id={searchId}>
      <h2 id="holds-heading">{t('holds.heading', { name: petName })}</h2>
      <p>{t(holds.length === 1 ? 'holds.text.one' : 'holds.text.other', { count: holds.length, name: petName })}</p>
      <ul class="stack">
        {holds.map((hold) => (
          <li class="card stack">
            <p>
              <strong>“{hold.pet.name}”</strong> · {t('holds.alike', { percent: Math.round(hold.similarity * 100) })} ·{' '}
              <WithTime
                text={t('holds.lastSeen', { place: coarsePlace(hold.pet.area.center, ctx.locale) })}
                at={hold.pet.lastSeenAt}
              />
            </p>
            {hold.pet.description && <p class="muted">{hold.pet.description}</p>}
            <ul class="actions">
              <li>
                <button type="button" class="secondary" data-hold-id={hold.id} data-decision="release">
                  {t('holds.release')}
                </button>
              </li>
              <li>
                <button type="button" class="danger" data-hold-id={hold.id} data-decision="refuse">
                  {t('holds.refuse')}
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
