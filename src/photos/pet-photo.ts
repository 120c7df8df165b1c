import { AppError, type ErrorCode } from '../errors.ts'
import type { Species } from '../searches/search.table.ts'
import type { Box } from '../vision/boxes.ts'
import { isVisionError, type VisionErrorCode } from '../vision/errors.ts'
import type { VisionPipeline } from '../vision/index.ts'

export interface PetInPhoto {
  readonly species: Species
  readonly score: number
  readonly embedding: Float32Array
  readonly modelId: string
  /** Where people and pets are in the photo: `publishablePhoto` masks the people before it is stored. */
  readonly people: readonly Box[]
  readonly petBoxes: readonly Box[]
}

/** Every dog or cat seen in a photo, best first (none is an answer, not an error), and where its people are. */
export interface PhotoInspection {
  readonly pets: readonly PetInPhoto[]
  readonly people: readonly Box[]
  readonly petBoxes: readonly Box[]
}

/** What the server asks of the vision pipeline for an uploaded photo: its best dog or cat, or a refusal. */
export interface PetPhotoAnalyzer {
  readonly modelId: string
  findPet(image: Uint8Array, label: string, preferred?: Species): Promise<PetInPhoto>
  /** A person-dominant or unreadable photo still throws. */
  inspect(image: Uint8Array, label: string, preferred?: Species): Promise<PhotoInspection>
}

/** The pet a photo is about: the preferred species if seen, else the best; none is a refusal. */
export function bestPetOf(inspection: PhotoInspection, label: string, preferred?: Species): PetInPhoto {
  const pet = inspection.pets.find((p) => p.species === preferred) ?? inspection.pets[0]
  if (!pet) throw new AppError('UNPROCESSABLE', `${label}: no pet found (no dog or cat in this photo)`)
  return pet
}

const errorCodeOf: Record<VisionErrorCode, ErrorCode> = {
  IMAGE_EMPTY: 'INVALID_INPUT',
  IMAGE_CORRUPT: 'UNPROCESSABLE',
  IMAGE_UNSUPPORTED: 'UNSUPPORTED_MEDIA_TYPE',
  IMAGE_TOO_SMALL: 'UNPROCESSABLE',
  IMAGE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NO_PET_FOUND: 'UNPROCESSABLE',
  PERSON_IS_MAIN_SUBJECT: 'UNPROCESSABLE',
}

export function petPhotoAnalyzer(pipeline: VisionPipeline): PetPhotoAnalyzer {
  const inspect = async (image: Uint8Array, label: string): Promise<PhotoInspection> => {
    try {
      const analysis = await pipeline.analyze(image)
      // A photo of a person (even with a pet in a corner) is refused: people are never embedded.
      if (analysis.personIsMainSubject)
        throw new AppError('UNPROCESSABLE', `${label}: a person is the main subject; send a photo of the pet`)
      const where = { people: analysis.people, petBoxes: analysis.pets.map((p) => p.box) }
      const pets = analysis.pets.map((pet) => ({
        species: pet.species,
        score: pet.score,
        embedding: pet.embedding,
        modelId: pipeline.modelId,
        ...where,
      }))
      return { pets, ...where }
    } catch (error) {
      if (isVisionError(error)) throw new AppError(errorCodeOf[error.code], `${label}: ${error.message}`)
      throw error
    }
  }
  return {
    modelId: pipeline.modelId,
    inspect,
    findPet: async (image, label, preferred) => bestPetOf(await inspect(image, label), label, preferred),
  }
}
