// The Node photo-check service answers only the Worker, which sends PHOTO_CHECK_TOKEN as a bearer token.
import { describe, expect, it } from 'vitest'
import type { PhotoImages } from '../../src/photos/photo-format.ts'
import { photoCheckRoutes } from '../../src/photos/photo-check.routes.ts'
import { PHOTO_CHECK_INSPECT_PATH, PHOTO_CHECK_NORMALISE_PATH } from '../../src/photos/photo-check.wire.ts'
import { fakePetPhotos } from '../support/fake-pet-photos.ts'

const token = 'photo-check-token-0123456789'
const seen: Uint8Array[] = []
const photoImages: PhotoImages = {
  async normalise(bytes) {
    seen.push(bytes)
    return { data: bytes, contentType: 'image/jpeg', width: 2, height: 1 }
  },
  async publishable(photo) {
    return photo
  },
}
const app = photoCheckRoutes({ petPhotos: fakePetPhotos, photoImages, token })
const post = (path: string, authorization?: string) =>
  app.request(path, {
    method: 'POST',
    headers: authorization === undefined ? {} : { authorization },
    body: Uint8Array.of(1, 2, 3),
  })

describe('photo-check service token', () => {
  it.each([undefined, '', `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `bearer ${token}`, token])(
    'refuses %j with 401 and checks nothing',
    async (authorization) => {
      const before = seen.length
      expect((await post(PHOTO_CHECK_NORMALISE_PATH, authorization)).status).toBe(401)
      expect(seen.length).toBe(before)
    },
  )

  it('answers the bearer of the token, with the photo’s bytes', async () => {
    const response = await post(PHOTO_CHECK_NORMALISE_PATH, `Bearer ${token}`)
    expect(response.status).toBe(200)
    expect(Array.from(new Uint8Array(await response.arrayBuffer()))).toEqual([1, 2, 3])
    const inspected = await post(PHOTO_CHECK_INSPECT_PATH, `Bearer ${token}`)
    expect(inspected.status).toBe(200)
    expect((await inspected.json()).pets).toHaveLength(1)
  })
})
