import { Layout, type PageContext } from '../layout.tsx'
import type { CoarseArea } from '../../geo/cells.ts'
import { areaSize } from '../components/area-sketch.tsx'
import { ReplyField } from '../components/reply-field.tsx'
import type { Translate } from '../i18n/messages.ts'
import { LocalTime, WithTime } from './owner-format.tsx'

type Role = 'pet owner' | 'contact'

export interface ThreadSummary {
  readonly id: string
  readonly pet: { readonly searchId: string; readonly name: string }
  readonly you: Role
  readonly with: Role
  readonly lastMessageAt: string
  /** The contact has no account (guest help). */
  readonly guest: boolean
}

interface Sighting {
  readonly seenAt: string
  readonly area: CoarseArea
  readonly photoUrl: string | null
}

export interface Thread extends ThreadSummary {
  readonly messages: readonly { id: string; fromYou: boolean; body: string; at: string; sighting: Sighting | null }[]
}

function GuestLabel({ ctx, thread }: { ctx: PageContext; thread: ThreadSummary }) {
  return thread.guest ? (
    <>
      {' '}
      <span class="badge kind-guest" title={ctx.t('threads.guestHint')}>
        {ctx.t('threads.guest')}
      </span>
    </>
  ) : null
}

/** A guest's "I saw this pet": when, the coarse area and the checked photo, never a point. */
function SightingLine({ ctx, sighting }: { ctx: PageContext; sighting: Sighting }) {
  const [before, after] = ctx
    .t('guest.sightingLine', { size: areaSize(sighting.area, ctx.locale, ctx.t) })
    .split('{when}')
  return (
    <div class="stack">
      <p>
        {before}
        <LocalTime at={sighting.seenAt} />
        {after}
      </p>
      {sighting.photoUrl && (
        <img class="pet-photo" src={sighting.photoUrl} alt={ctx.t('threads.sightingPhoto')} loading="lazy" />
      )}
    </div>
  )
}

const other = (t: Translate, thread: ThreadSummary) =>
  t(thread.with === 'contact' ? 'threads.withContact' : 'threads.withOwner', { name: thread.pet.name })

export function ThreadsPage({ ctx, threads }: { ctx: PageContext; threads: readonly ThreadSummary[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('threads.title')} scripts={['threads']}>
      <p class="muted">{t('threads.lead')}</p>
      {threads.length === 0 ? (
        <p class="card">{t('threads.none')}</p>
      ) : (
        <ul class="stack thread-list">
          {threads.map((thread) => (
            <li class="card">
              <a href={`/threads/${thread.id}`}>
                <strong>{thread.pet.name}</strong>: {other(t, thread)}
              </a>
              <GuestLabel ctx={ctx} thread={thread} />
              <br />
              <span class="muted">
                <WithTime text={t('threads.lastMessage')} at={thread.lastMessageAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

export function ThreadPage({ ctx, thread }: { ctx: PageContext; thread: Thread }) {
  const { t } = ctx
  return (
    <Layout
      ctx={ctx}
      title={t('threads.about', { name: thread.pet.name })}
      scripts={['threads']}
      data={{ threadId: thread.id }}
    >
      <p class="muted">
        {t('threads.with')}
        {other(t, thread)}
        <GuestLabel ctx={ctx} thread={thread} />
        {t('threads.relay')}
        <a href="/threads">{t('threads.all')}</a>
      </p>
      <ol class="messages stack" id="messages" aria-label={t('threads.messages')}>
        {thread.messages.map((m) => (
          <li class={m.fromYou ? 'message from-you' : 'message'}>
            <p class="muted">
              {m.fromYou ? t('threads.you') : other(t, thread)}, <LocalTime at={m.at} />
            </p>
            {m.sighting && <SightingLine ctx={ctx} sighting={m.sighting} />}
            {m.body && <p class="message-body">{m.body}</p>}
          </li>
        ))}
      </ol>
      <form id="reply" class="card stack" novalidate>
        <ReplyField t={t} />
      </form>
    </Layout>
  )
}
