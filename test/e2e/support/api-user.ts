import { catPhoto } from '../../support/images.ts'

/** A user driven through the JSON API (a second person in a browser test, or the camera agent's owner). */
export interface ApiUser {
  readonly cookie: string
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>
}

export async function signUpByApi(baseUrl: string, name: string): Promise<ApiUser> {
  const account = {
    email: `${name.toLowerCase().replace(/\W+/g, '-')}-${crypto.randomUUID()}@example.com`,
    password: 'correct horse battery staple',
  }
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify(body),
    })
  const signedUp = await post('/api/auth/sign-up/email', { ...account, name })
  if (signedUp.status !== 200) throw new Error(`sign-up: ${signedUp.status} ${await signedUp.text()}`)
  const res = await post('/api/auth/sign-in/email', account) // sign-up gives no session
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return {
    cookie,
    fetch(path, { json, ...init } = {}) {
      const headers = new Headers(init.headers)
      headers.set('cookie', cookie)
      headers.set('origin', baseUrl)
      if (json !== undefined) headers.set('content-type', 'application/json')
      return fetch(`${baseUrl}${path}`, { ...init, headers, ...(json !== undefined && { body: JSON.stringify(json) }) })
    },
  }
}

/** Opens a lost-cat search with the CC0 cat photo, last seen an hour ago at `at`. */
export async function openLostCat(
  user: ApiUser,
  at: { lat: number; lng: number },
  fields: Record<string, string> = {},
) {
  const form = new FormData()
  const all = {
    species: 'cat',
    name: 'Chelsea',
    lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
    lastSeenLat: String(at.lat),
    lastSeenLng: String(at.lng),
    ...fields,
  }
  for (const [key, value] of Object.entries(all)) form.append(key, value)
  form.append('photos', new File([new Uint8Array(await catPhoto())], 'pet.jpg', { type: 'image/jpeg' }))
  const res = await user.fetch('/api/searches', { method: 'POST', body: form })
  if (res.status !== 201) throw new Error(`opening a search: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; lastSeen: { lat: number; lng: number } }
}
