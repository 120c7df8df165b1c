import { Buffer } from 'node:buffer'
import { AppError, type ErrorCode } from '../errors.ts'
import { bestPetOf, type PetPhotoAnalyzer, type PhotoInspection } from '../photos/pet-photo.ts'
import type { PhotoImages } from '../photos/photo-format.ts'
import {
  PhotoInspectionWire,
  PHOTO_CHECK_INSPECT_PATH,
  PHOTO_CHECK_NORMALISE_PATH,
  PHOTO_CHECK_PUBLISHABLE_PATH,
  PHOTO_BOXES_HEADER,
  PHOTO_HEIGHT_HEADER,
  PHOTO_LABEL_HEADER,
  PHOTO_SPECIES_HEADER,
  PHOTO_WIDTH_HEADER,
  PhotoCheckError,
} from '../photos/photo-check.wire.ts'
import type { EdgeEnv } from './edge-env.ts'

// A refusal the caller can act on, with the codes the Node server answers with; anything else is a 5xx.
const PASSED_THROUGH = new Set<string>([
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'IMAGE_NOT_ALLOWED',
])

export class PhotoCheckUnavailableError extends Error {
  override name = 'PhotoCheckUnavailableError'
}

/**
 * Photo intake on Workers: sharp and onnxruntime-node cannot run in workerd, so each photo is sent to the
 * Node photo-check service (the Node workers, PHOTO_CHECK_URL) before anything is stored, exactly as the Node
 * API checks it in process: EXIF stripped, people refused, one embedding back. Nothing is kept on either side
 * when a check fails. Without PHOTO_CHECK_URL, photo uploads fail (500) and nothing is stored (docs/edge.md).
 */
export function edgePhotoCheck(
  env: Pick<EdgeEnv, 'PHOTO_CHECK_URL' | 'PHOTO_CHECK_TOKEN'>,
  modelId: string,
): { petPhotos: PetPhotoAnalyzer; photoImages: PhotoImages } {
  const call = async (path: string, body: Uint8Array, headers: Record<string, string>) => {
    if (!env.PHOTO_CHECK_URL || !env.PHOTO_CHECK_TOKEN)
      throw new PhotoCheckUnavailableError(
        'photo checks need PHOTO_CHECK_URL and PHOTO_CHECK_TOKEN (the Node photo-check service)',
      )
    const response = await fetch(new URL(path, env.PHOTO_CHECK_URL), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.PHOTO_CHECK_TOKEN}`,
        'content-type': 'application/octet-stream',
        ...headers,
      },
      body: Uint8Array.from(body),
    })
    if (response.ok) return response
    const refusal = PhotoCheckError.safeParse(await response.json().catch(() => undefined))
    if (refusal.success && PASSED_THROUGH.has(refusal.data.error.code))
      throw new AppError(refusal.data.error.code as ErrorCode, refusal.data.error.message)
    throw new PhotoCheckUnavailableError(`the photo-check service answered ${response.status}`)
  }
  const inspect = async (image: Uint8Array, label: string, preferred?: string): Promise<PhotoInspection> => {
    const response = await call(PHOTO_CHECK_INSPECT_PATH, image, {
      [PHOTO_LABEL_HEADER]: encodeURIComponent(label),
      ...(preferred && { [PHOTO_SPECIES_HEADER]: preferred }),
    })
    const seen = PhotoInspectionWire.parse(await response.json())
    return { ...seen, pets: seen.pets.map((pet) => ({ ...pet, embedding: Float32Array.from(pet.embedding) })) }
  }
  return {
    photoImages: {
      async normalise(bytes, label) {
        const response = await call(PHOTO_CHECK_NORMALISE_PATH, bytes, {
          [PHOTO_LABEL_HEADER]: encodeURIComponent(label),
        })
        const data = Buffer.from(await response.arrayBuffer())
        return {
          data,
          contentType: 'image/jpeg',
          width: Number(response.headers.get(PHOTO_WIDTH_HEADER)),
          height: Number(response.headers.get(PHOTO_HEIGHT_HEADER)),
        }
      },
      async publishable(photo, found, label = 'photo') {
        if (!found.people.length) return photo
        const boxes = JSON.stringify({ people: found.people, petBoxes: found.petBoxes })
        const response = await call(PHOTO_CHECK_PUBLISHABLE_PATH, photo.data, {
          [PHOTO_LABEL_HEADER]: encodeURIComponent(label),
          [PHOTO_BOXES_HEADER]: boxes,
          [PHOTO_WIDTH_HEADER]: String(photo.width),
          [PHOTO_HEIGHT_HEADER]: String(photo.height),
        })
        const data = Buffer.from(await response.arrayBuffer())
        return {
          data,
          contentType: 'image/jpeg',
          width: Number(response.headers.get(PHOTO_WIDTH_HEADER)),
          height: Number(response.headers.get(PHOTO_HEIGHT_HEADER)),
        }
      },
    },
    petPhotos: {
      modelId,
      inspect,
      findPet: async (image, label, preferred) => bestPetOf(await inspect(image, label, preferred), label, preferred),
    },
  }
}
