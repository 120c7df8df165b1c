// The photo-intake port for tests that are not about vision: no model loads, and every photo is the same
// pet, with one fixed embedding, so a sighting sent with FIXED_PET_EMBEDDING matches any search's photo.
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../../models/registry.ts'
import { AppError } from '../../src/errors.ts'
import type { PetPhotoAnalyzer } from '../../src/photos/pet-photo.ts'

const dimension = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!.dimension
const raw = Array.from({ length: dimension }, (_, i) => Math.cos(i * 0.731 + 0.5))
const norm = Math.hypot(...raw)
export const FIXED_PET_EMBEDDING: readonly number[] = raw.map((v) => v / norm)

export const fakePetPhotos: PetPhotoAnalyzer = {
  modelId: DEFAULT_EMBEDDING_MODEL_ID,
  async findPet(image, label, preferred) {
    if (image.length === 0) throw new AppError('INVALID_INPUT', `${label}: the image is empty`)
    return {
      species: preferred ?? 'cat',
      score: 0.9,
      embedding: Float32Array.from(FIXED_PET_EMBEDDING),
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      people: [],
      petBoxes: [],
    }
  },
  async inspect(image, label, preferred) {
    return { pets: [await fakePetPhotos.findPet(image, label, preferred)], people: [], petBoxes: [] }
  },
}
