import sharp from 'sharp'
import type { TestApp, TestUser } from '../support/app.ts'
import { CAMERA_POINT } from '../support/cameras.ts'
import { catPhoto } from '../support/images.ts'

/** The same cat as the fixture, photographed from another angle (here, mirrored), as a neighbour would. */
export const mirroredCat = () => catPhoto().then((p) => sharp(p).flop().jpeg({ quality: 80 }).toBuffer())

/** Opens a lost-cat search with one photo, last seen an hour ago a little east of `at`. */
export function openCatSearch(
  t: TestApp,
  user: TestUser,
  photo: Buffer,
  at = CAMERA_POINT,
  name = 'Looks like Chelsea',
) {
  const form = new FormData()
  const fields = {
    species: 'cat',
    name,
    lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
    lastSeenLat: String(at.lat),
    lastSeenLng: String(at.lng + 0.01),
  }
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  form.append('photos', new File([new Uint8Array(photo)], 'pet.jpg', { type: 'image/jpeg' }))
  return t.request('/api/searches', { method: 'POST', body: form, user })
}
