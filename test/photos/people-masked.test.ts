// Issue #20: a lost or found pet photo with a person in it must not be published unmasked. Real photos from
// ../shared/data composited with sharp, through the real vision pipeline, checked on the public photo URL.
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Box } from '../../src/vision/boxes.ts'
import { boxArea, intersectionArea } from '../../src/vision/boxes.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data')
const hasSharedData = existsSync(path.join(SHARED_DATA, 'people/labels.csv'))
if (!hasSharedData) console.info(`${SHARED_DATA} is absent: the people-masking tests are skipped`)
const read = (file: string) => fs.readFile(path.join(SHARED_DATA, file))

/** A person (the astronaut portrait, `personHeight` px tall) on the left, a dog photo (`dogHeight` px) on the right. */
async function besideDog(dogFile: string, personHeight: number, dogHeight: number) {
  const person = await sharp(await read('people/astronaut.jpg'))
    .resize({ height: personHeight })
    .toBuffer()
  const dog = await sharp(await read(dogFile))
    .resize({ height: dogHeight })
    .toBuffer()
  const pw = (await sharp(person).metadata()).width!
  const dw = (await sharp(dog).metadata()).width!
  const height = Math.max(personHeight, dogHeight)
  return sharp({ create: { width: pw + dw, height, channels: 3, background: '#6b8e5a' } })
    .composite([
      { input: person, left: 0, top: height - personHeight },
      { input: dog, left: pw, top: 0 },
    ])
    .jpeg()
    .toBuffer()
}

/** A small face (the astronaut, 150 px wide) in the corner of an 800 px dog photo. */
async function faceInDogPhoto() {
  const dog = await sharp(await read('pets/breeds/samoyed/samoyed_108.jpg'))
    .resize({ width: 800 })
    .toBuffer()
  const face = await sharp(await read('people/astronaut.jpg'))
    .resize({ width: 150 })
    .toBuffer()
  return sharp(dog)
    .composite([{ input: face, left: 0, top: 0 }])
    .jpeg()
    .toBuffer()
}

/** Spread of the grey values in a box: a photo of a person varies; a solid mask does not. */
async function spreadIn(jpeg: Buffer, box: Box) {
  const { width = 0, height = 0 } = await sharp(jpeg).metadata()
  const region = {
    left: Math.floor(box.x * width),
    top: Math.floor(box.y * height),
    width: Math.max(1, Math.floor(box.width * width)),
    height: Math.max(1, Math.floor(box.height * height)),
  }
  const grey = await sharp(jpeg).extract(region).greyscale().raw().toBuffer() // stats() would read the whole input
  const mean = grey.reduce((s, v) => s + v, 0) / grey.length
  return Math.sqrt(grey.reduce((s, v) => s + (v - mean) ** 2, 0) / grey.length)
}

const outside = (person: Box, pets: readonly Box[]) =>
  boxArea(person) - Math.max(0, ...pets.map((p) => intersectionArea(person, p)))

describe.skipIf(!hasSharedData).each(testDatabases())('people in lost and found photos on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  beforeAll(async () => {
    owner = await t.signUp('Owner')
  })

  const open = (photo: Buffer) => {
    const form = new FormData()
    const fields = {
      species: 'dog',
      name: 'Yuki',
      lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
      lastSeenLat: '51.50135',
      lastSeenLng: '-0.14189',
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('photos', new File([new Uint8Array(photo)], 'yuki.jpg', { type: 'image/jpeg' }))
    return t.request('/api/searches', { method: 'POST', body: form, user: owner })
  }

  /** Uploads, then checks the public URL: every person the detector saw is a flat patch and no person is found again. */
  async function expectPublishedMasked(photo: Buffer, scenario: (people: Box[], pet: Box) => void) {
    const before = await t.petPhotos.findPet(photo, 'upload', 'dog')
    scenario([...before.people], before.petBoxes[0]!)
    const res = await open(photo)
    expect(res.status).toBe(201)
    const search = await res.json()
    const served = await t.request(`/api/lost-pets/${search.id}/photos/${search.photos[0].id}`)
    expect(served.status).toBe(200)
    const bytes = Buffer.from(await served.arrayBuffer())
    for (const person of before.people) {
      const visible = { x: person.x, y: person.y, width: person.width, height: person.height }
      const clear = before.petBoxes.every((p) => intersectionArea(visible, p) === 0)
      if (clear) {
        expect(await spreadIn(photo, visible)).toBeGreaterThan(20)
        expect(await spreadIn(bytes, visible)).toBeLessThan(4)
      }
    }
    const after = await t.petPhotos.findPet(bytes, 'served', 'dog')
    expect(after.people.filter((p) => outside(p, after.petBoxes) > 0.01)).toEqual([])
    expect(after.species).toBe('dog') // the pet is still there to be recognised
  }

  it('masks a portrait beside a slightly larger dog', async () => {
    await expectPublishedMasked(
      await besideDog('pets/breeds/newfoundland/newfoundland_10.jpg', 380, 440),
      (people, pet) => {
        expect(people).toHaveLength(1)
        expect(boxArea(people[0]!)).toBeGreaterThan(0.1)
        expect(boxArea(people[0]!)).toBeLessThan(boxArea(pet))
        expect(boxArea(pet)).toBeLessThan(1.25 * boxArea(people[0]!))
      },
    )
  })

  it('masks a portrait of more than a quarter of the frame', async () => {
    await expectPublishedMasked(await besideDog('pets/breeds/pug/pug_127.jpg', 420, 460), (people, pet) => {
      expect(boxArea(people[0]!)).toBeGreaterThan(0.25)
      expect(boxArea(people[0]!)).toBeLessThan(boxArea(pet))
    })
  })

  it('masks a small face in a dog photo, and in a found-pet report too', async () => {
    const photo = await faceInDogPhoto()
    await expectPublishedMasked(photo, (people) => {
      expect(people).toHaveLength(1)
      expect(boxArea(people[0]!)).toBeLessThan(0.05)
    })
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'dog',
      foundAt: new Date().toISOString(),
      lat: '51.5',
      lng: '-0.14',
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(photo)], 'found.jpg', { type: 'image/jpeg' }))
    const res = await t.request('/api/found-pets', { method: 'POST', body: form, user: owner })
    expect(res.status).toBe(201)
    const found = await res.json()
    const served = Buffer.from(await (await t.request(found.photoUrl)).arrayBuffer())
    const after = await t.petPhotos.findPet(served, 'served', 'dog')
    expect(after.people).toEqual([])
  })
})
