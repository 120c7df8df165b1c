import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { NormalisedPhoto } from '../../src/photos/photo-image.ts'
import { paintPeople, publishablePhoto } from '../../src/photos/photo-mask.ts'

describe('paintPeople', () => {
  const at = (data: Uint8Array, x: number, y: number) => data[(y * 100 + x) * 3]

  it('paints a person and a margin solid grey, never inside a pet’s box', () => {
    const data = new Uint8Array(100 * 100 * 3).fill(200)
    const painted = paintPeople(data, 100, 100, 3, {
      people: [{ x: 0.1, y: 0.1, width: 0.5, height: 0.5 }],
      petBoxes: [{ x: 0.4, y: 0.4, width: 0.5, height: 0.5 }],
    })
    expect(at(data, 20, 20)).toBe(128)
    expect(at(data, 7, 7)).toBe(128) // the margin: detector boxes clip hair and hands
    expect(at(data, 50, 50)).toBe(200) // the pet stays
    expect(at(data, 90, 10)).toBe(200)
    expect(painted).toBeGreaterThan(0.5 * 0.5 * 100 * 100 - 0.2 * 0.2 * 100 * 100)
  })
})

describe('publishablePhoto', () => {
  const photoOf = async (): Promise<NormalisedPhoto> => {
    const data = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c08040' } })
      .jpeg()
      .toBuffer()
    return { data, contentType: 'image/jpeg', width: 64, height: 64 }
  }

  it('returns the same bytes when nobody is in the photo', async () => {
    const photo = await photoOf()
    expect((await publishablePhoto(photo, { people: [], petBoxes: [] })).data).toBe(photo.data)
  })

  it('refuses a photo that would be mostly mask', async () => {
    await expect(
      publishablePhoto(await photoOf(), {
        people: [{ x: 0, y: 0, width: 0.8, height: 0.9 }],
        petBoxes: [{ x: 0.8, y: 0, width: 0.2, height: 0.3 }],
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' })
  })
})
