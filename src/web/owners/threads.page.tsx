import { Layout, type PageContext } from '../layout.tsx'
import { LocalTime } from './owner-format.tsx'

type Role = 'pet owner' | 'contact'

export interface ThreadSummary {
  readonly id: string
  readonly pet: { readonly searchId: string; readonly name: string }
  readonly you: Role
  readonly with: Role
  readonly lastMessageAt: string
}

export interface Thread extends ThreadSummary {
  readonly messages: readonly { id: string; fromYou: boolean; body: string; at: string }[]
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
        With: {other(thread)}. Through Homeward’s relay: no names or emails are shown. <a href="/threads">All messages</a>
      </p>
      <ol class="messages stack" id="messages" aria-label="Messages">
        {thread.messages.map((m) => (
          <li class={m.fromYou ? 'message from-you' : 'message'}>
            <p class="muted">
              {m.fromYou ? 'You' : other(thread)}, <LocalTime at={m.at} />
            </p>
            <p class="message-body">{m.body}</p>
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
