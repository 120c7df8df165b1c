// The Node end of src/edge/photo-check.ts: a runtime without sharp and onnxruntime-node (the Worker) sends each
// uploaded photo here to be decoded, re-encoded (EXIF gone) and checked for a pet (people refused) before it
// stores anything. Nothing is stored here either: the answer is the photo's bytes or its embedding.
import { Hono } from 'hono'
import { AppError } from '../errors.ts'
import type { AppEnv } from '../http/env.ts'
import { handleError } from '../http/error-handler.ts'
import type { Species } from '../searches/search.table.ts'
import type { PetPhotoAnalyzer } from './pet-photo.ts'
import type { PhotoImages } from './photo-format.ts'
import { secretsEqual } from '../web-crypto.ts'
import {
  PeopleInPhotoWire,
  PHOTO_BOXES_HEADER,
  PHOTO_CHECK_INSPECT_PATH,
  PHOTO_CHECK_NORMALISE_PATH,
  PHOTO_CHECK_PUBLISHABLE_PATH,
  PHOTO_HEIGHT_HEADER,
  PHOTO_LABEL_HEADER,
  PHOTO_SPECIES_HEADER,
  PHOTO_WIDTH_HEADER,
} from './photo-check.wire.ts'

const MAX_BODY_BYTES = 11 * 1024 * 1024

export interface PhotoCheckDeps {
  readonly petPhotos: PetPhotoAnalyzer
  readonly photoImages: PhotoImages
  /** The bearer token the Worker sends (PHOTO_CHECK_TOKEN on both sides). */
  readonly token: string
}

export function photoCheckRoutes(deps: PhotoCheckDeps) {
  const app = new Hono<AppEnv>()
  app.onError(handleError)
  app.use('/internal/photo-check/*', async (c, next) => {
    if (!(await secretsEqual(c.req.header('authorization') ?? '', `Bearer ${deps.token}`)))
      throw new AppError('UNAUTHENTICATED', 'photo checks need the photo-check token')
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', 'photo is larger than 10 MB')
    await next()
  })
  const labelOf = (value: string | undefined) => decodeURIComponent(value ?? 'photo').slice(0, 40)
  app.post(PHOTO_CHECK_NORMALISE_PATH, async (c) => {
    const photo = await deps.photoImages.normalise(
      new Uint8Array(await c.req.arrayBuffer()),
      labelOf(c.req.header(PHOTO_LABEL_HEADER)),
    )
    return c.body(new Uint8Array(photo.data), 200, {
      'content-type': photo.contentType,
      [PHOTO_WIDTH_HEADER]: String(photo.width),
      [PHOTO_HEIGHT_HEADER]: String(photo.height),
    })
  })
  app.post(PHOTO_CHECK_INSPECT_PATH, async (c) => {
    const species = c.req.header(PHOTO_SPECIES_HEADER)
    const preferred: Species | undefined = species === 'dog' || species === 'cat' ? species : undefined
    const seen = await deps.petPhotos.inspect(
      new Uint8Array(await c.req.arrayBuffer()),
      labelOf(c.req.header(PHOTO_LABEL_HEADER)),
      preferred,
    )
    return c.json({ ...seen, pets: seen.pets.map((pet) => ({ ...pet, embedding: Array.from(pet.embedding) })) })
  })
  app.post(PHOTO_CHECK_PUBLISHABLE_PATH, async (c) => {
    const boxes = PeopleInPhotoWire.safeParse(JSON.parse(c.req.header(PHOTO_BOXES_HEADER) ?? 'null'))
    if (!boxes.success) throw new AppError('INVALID_INPUT', 'the photo boxes are missing or malformed')
    const label = labelOf(c.req.header(PHOTO_LABEL_HEADER))
    const data = new Uint8Array(await c.req.arrayBuffer())
    const width = Number(c.req.header(PHOTO_WIDTH_HEADER))
    const height = Number(c.req.header(PHOTO_HEIGHT_HEADER))
    const photo = await deps.photoImages.publishable(
      { data, contentType: 'image/jpeg', width, height },
      boxes.data,
      label,
    )
    return c.body(new Uint8Array(photo.data), 200, {
      'content-type': photo.contentType,
      [PHOTO_WIDTH_HEADER]: String(photo.width),
      [PHOTO_HEIGHT_HEADER]: String(photo.height),
    })
  })
  return app
}
