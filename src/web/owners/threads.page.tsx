import { Layout, type PageContext } from '../layout.tsx'
import type { CoarseArea } from '../../geo/cells.ts'
import { areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from './owner-format.tsx'

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
  const [before, after] = ctx.t('guest.sightingLine', { size: areaSize(sighting.area, ctx.locale, ctx.t) }).split('{when}')
  return (
    <div class="stack">
      <p>
        {before}
        <LocalTime at={sighting.seenAt} />
        {after}
      </p>
      {sighting.photoUrl && <img class="pet-photo" src={sighting.photoUrl} alt={ctx.t('threads.sightingPhoto')} loading="lazy" />}
    </div>
  )
}

const other = (t: ThreadSummary) => (t.with === 'contact' ? `Someone who saw or found ${t.pet.name}` : `${t.pet.name}’s owner`)

export function ThreadsPage({ ctx, threads }: { ctx: PageContext; threads: readonly ThreadSummary[] }) {
  return (
    <Layout ctx={ctx} title="Messages" scripts={['threads']}>
      <p class="muted">Messages go through Homeward’s relay: nobody sees your name or email, and you don’t see theirs.</p>
      {threads.length === 0 ? (
        <p class="card">No messages yet.</p>
      ) : (
        <ul class="stack thread-list">
          {threads.map((t) => (
            <li class="card">
              <a href={`/threads/${t.id}`}>
                <strong>{t.pet.name}</strong>: {other(t)}
              </a>
              <GuestLabel ctx={ctx} thread={t} />
              <br />
              <span class="muted">
                Last message <LocalTime at={t.lastMessageAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

export function ThreadPage({ ctx, thread }: { ctx: PageContext; thread: Thread }) {
  return (
    <Layout ctx={ctx} title={`About ${thread.pet.name}`} scripts={['threads']} data={{ threadId: thread.id }}>
      <p class="muted">
        With: {other(thread)}
        <GuestLabel ctx={ctx} thread={thread} />. Through Homeward’s relay: no names or emails are shown. <a href="/threads">All messages</a>
      </p>
      <ol class="messages stack" id="messages" aria-label="Messages">
        {thread.messages.map((m) => (
          <li class={m.fromYou ? 'message from-you' : 'message'}>
            <p class="muted">
              {m.fromYou ? 'You' : other(thread)}, <LocalTime at={m.at} />
            </p>
            {m.sighting && <SightingLine ctx={ctx} sighting={m.sighting} />}
            {m.body && <p class="message-body">{m.body}</p>}
          </li>
        ))}
      </ol>
      <form id="reply" class="card stack" novalidate>
        <div class="field">
          <label for="reply-body">Your reply</label>
          <textarea id="reply-body" name="body" rows={4} required maxlength={2000} aria-describedby="reply-hint"></textarea>
          <p class="hint" id="reply-hint">
            Don’t share your address or phone number until you’re sure; arrange to meet somewhere public.
          </p>
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Send reply</button>
      </form>
    </Layout>
  )
}
