import { AppError, type ErrorCode } from '../errors.ts'
import type { Species } from '../searches/search.table.ts'
import { isVisionError, type VisionErrorCode, type VisionPipeline } from '../vision/index.ts'

export interface PetInPhoto {
  readonly species: Species
  readonly score: number
  readonly embedding: Float32Array
  readonly modelId: string
}

/** What the server asks of the vision pipeline for an uploaded photo: its best dog or cat, or a refusal. */
export interface PetPhotoAnalyzer {
  readonly modelId: string
  findPet(image: Buffer, label: string, preferred?: Species): Promise<PetInPhoto>
  /** Every dog or cat seen, best first (none is an answer, not an error); a person-dominant or unreadable photo still throws. */
  inspect(image: Buffer, label: string, preferred?: Species): Promise<readonly PetInPhoto[]>
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
  const inspect = async (image: Buffer, label: string): Promise<readonly PetInPhoto[]> => {
    try {
      const analysis = await pipeline.analyze(image)
      // A photo of a person (even with a pet in a corner) is refused: people are never embedded.
      if (analysis.personIsMainSubject)
        throw new AppError('UNPROCESSABLE', `${label}: a person is the main subject; send a photo of the pet`)
      return analysis.pets.map((pet) => ({ species: pet.species, score: pet.score, embedding: pet.embedding, modelId: pipeline.modelId }))
    } catch (error) {
      if (isVisionError(error)) throw new AppError(errorCodeOf[error.code], `${label}: ${error.message}`)
      throw error
    }
  }
  return {
    modelId: pipeline.modelId,
    inspect,
    async findPet(image, label, preferred) {
      const pets = await inspect(image, label)
      const pet = pets.find((p) => p.species === preferred) ?? pets[0]
      if (!pet) throw new AppError('UNPROCESSABLE', `${label}: no pet found (no dog or cat in this photo)`)
      return pet
    },
  }
}
