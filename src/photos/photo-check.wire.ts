// The wire format between a runtime without native image code (the Worker) and the Node process that checks
// photos for it (src/photos/photo-check.routes.ts): one schema, used by both ends.
import { z } from 'zod'
import { SPECIES } from '../contracts/species.ts'

export const PHOTO_CHECK_NORMALISE_PATH = '/internal/photo-check/normalise'
export const PHOTO_CHECK_INSPECT_PATH = '/internal/photo-check/inspect'
export const PHOTO_CHECK_PUBLISHABLE_PATH = '/internal/photo-check/publishable'
/** The people and pet boxes to mask by, as PeopleInPhotoWire JSON, with the photo's bytes as the body. */
export const PHOTO_BOXES_HEADER = 'x-photo-boxes'

/** Request headers: the label names the field in error messages; the species is the one the report is about. */
export const PHOTO_LABEL_HEADER = 'x-photo-label'
export const PHOTO_SPECIES_HEADER = 'x-photo-species'

/** The normalised photo comes back as its JPEG bytes, its size in these response headers. */
export const PHOTO_WIDTH_HEADER = 'x-photo-width'
export const PHOTO_HEIGHT_HEADER = 'x-photo-height'

const BoxWire = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite(),
  height: z.number().finite(),
})

export const PeopleInPhotoWire = z.object({ people: z.array(BoxWire).max(100), petBoxes: z.array(BoxWire).max(100) })

export const PetInPhotoWire = PeopleInPhotoWire.extend({
  species: z.enum(SPECIES),
  score: z.number(),
  embedding: z.array(z.number()),
  modelId: z.string(),
})

/** Every pet seen, best first, and where the people are: PhotoInspection on the wire. */
export const PhotoInspectionWire = PeopleInPhotoWire.extend({ pets: z.array(PetInPhotoWire).max(100) })

export const PhotoCheckError = z.object({ error: z.object({ code: z.string(), message: z.string() }) })
