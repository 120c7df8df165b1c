import type { TestApp } from '../support/app.ts'

export interface GuestCreated {
  link: string
  token: string
  expiresAt: string
  thread: GuestThread
}
export interface GuestThread {
  pet: { searchId: string; name: string }
  you: 'guest'
  messages: {
    id: string
    fromYou: boolean
    body: string
    sighting: null | { seenAt: string; area: { cell: string }; photoUrl: string | null }
  }[]
}

/** A stranger's message from the pet page: no cookie, as a browser page on this site sends it. */
export function guestMessage(
  t: TestApp,
  searchId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return t.request(`/api/lost-pets/${searchId}/guest-messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
    body: JSON.stringify(body),
  })
}

export function guestSighting(t: TestApp, searchId: string, fields: Record<string, string>, photo?: Buffer) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (photo) form.append('photo', new File([new Uint8Array(photo)], 'seen.jpg', { type: 'image/jpeg' }))
  return t.request(`/api/lost-pets/${searchId}/guest-sightings`, {
    method: 'POST',
    body: form,
    headers: { 'sec-fetch-site': 'same-origin' },
  })
}

export const asGuest = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
})

export const guestReply = (t: TestApp, token: string, body: string) =>
  t.request(
    '/api/guest/thread/messages',
    asGuest(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) }),
  )

export async function countRows(t: TestApp) {
  const db = t.database.db
  const n = async (table: 'relay_threads' | 'relay_messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { threads: await n('relay_threads'), messages: await n('relay_messages') }
}
