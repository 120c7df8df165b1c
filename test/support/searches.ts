import { CAMERA_POINT } from './cameras.ts'
import type { TestApp, TestUser } from './app.ts'
import { catPhoto } from './images.ts'

export interface CatSearchOptions {
  readonly fields?: Record<string, string>
  readonly at?: { lat: number; lng: number }
  readonly photo?: Buffer
}

/** The form that opens a lost-cat search, lost an hour ago at the test camera, with the CC0 cat photo by default. */
export async function catSearchForm(options: CatSearchOptions = {}): Promise<FormData> {
  const at = options.at ?? CAMERA_POINT
  const form = new FormData()
  const fields = {
    species: 'cat',
    name: 'Chelsea',
    lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
    lastSeenLat: String(at.lat),
    lastSeenLng: String(at.lng),
    ...options.fields,
  }
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  form.append(
    'photos',
    new File([new Uint8Array(options.photo ?? (await catPhoto()))], 'pet.jpg', { type: 'image/jpeg' }),
  )
  return form
}

/** Opens a lost-cat search through the API, with the CC0 cat photo unless another photo is given. */
export async function openCatSearch(
  t: TestApp,
  user: TestUser,
  options: CatSearchOptions = {},
): Promise<{ id: string }> {
  const res = await t.request('/api/searches', { method: 'POST', body: await catSearchForm(options), user })
  if (res.status !== 201) throw new Error(`opening a search failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string }
}

/** The form that reports a found cat at the test camera, found now, with the CC0 cat photo. */
export async function foundCatForm(fields: Record<string, string> = {}): Promise<FormData> {
  const form = new FormData()
  const all = {
    species: 'cat',
    foundAt: new Date().toISOString(),
    lat: String(CAMERA_POINT.lat),
    lng: String(CAMERA_POINT.lng),
    ...fields,
  }
  for (const [key, value] of Object.entries(all)) form.append(key, value)
  form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
  return form
}
