import { z } from '@hono/zod-openapi'
import { SPECIES } from '../contracts/species.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { decimalField } from '../http/form-number.ts'
import { idWith } from '../http/path-params.ts'
import { MAX_PHOTOS, MAX_RADIUS_M, MIN_RADIUS_M, PUBLIC_SEARCH_STATUSES } from './search.rules.ts'

export const Species = z.enum(SPECIES).openapi('Species')
const SearchStatus = z.enum(['active', 'found', 'closed', 'expired', 'held'])
const Latitude = z.number().min(-90).max(90)
const Longitude = z.number().min(-180).max(180)
const Radius = z.number().int().min(MIN_RADIUS_M).max(MAX_RADIUS_M)
const Name = z.string().trim().min(1).max(80)
const Description = z.string().trim().max(2000)

const PhotoFile = z
  .instanceof(File)
  .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP; ≤ 10 MB and ≤ 40 megapixels' })

const formFlag = (description: string) =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description })

/** The owner's answers to a photo check's questions (422 PHOTO_WITHOUT_PET, 409 SPECIES_MISMATCH), sent with the same form again. */
export const PhotoDecisionFields = {
  keepWithoutPet: formFlag(
    'Keep photos in which no dog or cat was found: they are shown, but not used for matching (answers 422 PHOTO_WITHOUT_PET)',
  ),
  confirmSpecies: formFlag(
    'The species given is right although the photo looks like the other one (answers 409 SPECIES_MISMATCH)',
  ),
}

export const CreateSearchForm = z
  .object({
    species: Species,
    name: Name,
    description: Description.optional(),
    lastSeenAt: z.iso.datetime({ offset: true }),
    lastSeenLat: decimalField(Latitude),
    lastSeenLng: decimalField(Longitude),
    radiusM: decimalField(Radius).optional(),
    distinctPet: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .openapi({
        description:
          'The owner confirms this is another pet, though it looks like one in their open searches (littermates)',
      }),
    ...PhotoDecisionFields,
    photos: z
      .union([PhotoFile, z.array(PhotoFile)])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .pipe(z.array(z.instanceof(File)).min(1).max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`))
      .openapi({ type: 'array', items: { type: 'string', format: 'binary' }, minItems: 1, maxItems: MAX_PHOTOS }),
  })
  .strict()
  .openapi('CreateSearchForm')

export const AddSearchPhotoForm = z
  .object({ photo: PhotoFile, ...PhotoDecisionFields })
  .strict()
  .openapi('AddSearchPhotoForm')

export const UpdateSearchBody = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    lastSeenAt: z.iso.datetime({ offset: true }).optional(),
    lastSeen: z.object({ lat: Latitude, lng: Longitude }).strict().optional(),
    radiusM: Radius.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update')
  .openapi('UpdateSearch')

export const CloseSearchBody = z
  .object({
    outcome: z.enum(['found', 'closed']),
    foundReportIds: z.array(z.uuid()).max(20).optional().openapi({
      description:
        'With found: the found-pet reports (from this search’s found-matches) that were this pet; they become reunited',
    }),
  })
  .strict()
  .openapi('CloseSearch')

export const SearchPhotoParam = idWith('photoId')

const PhotoRef = z.object({ id: z.uuid(), url: z.string(), width: z.number(), height: z.number() })
const OwnerPhotoRef = PhotoRef.extend({
  usedForMatching: z
    .boolean()
    .openapi({ description: 'False for a photo kept although no dog or cat was found in it: shown, never matched' }),
})

export const SearchSchema = z
  .object({
    id: z.uuid(),
    species: Species,
    name: z.string(),
    description: z.string(),
    status: SearchStatus,
    lastSeenAt: z.string(),
    lastSeen: z
      .object({ lat: z.number(), lng: z.number() })
      .openapi({ description: 'Exact point: only its owner sees it' }),
    area: CoarseAreaSchema,
    radiusM: z.number(),
    sharePublicKey: z
      .string()
      .nullable()
      .openapi({ description: 'The X25519 key shared snapshots are sealed to; null until a device sets one' }),
    photos: z.array(OwnerPhotoRef),
    needsClearPhoto: z.boolean().openapi({
      description:
        'No photo shows a pet the detector found: cameras and found reports cannot match this search until a clear photo is added',
    }),
    reopenUntil: z.string().nullable().openapi({
      description: 'A found search ("… is home") can be reopened (undo) until this time; null for other statuses',
    }),
    expiresAt: z.string(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Search')

export const SearchListSchema = z.object({ searches: z.array(SearchSchema) }).openapi('SearchList')

export const PublicLostPetSchema = z
  .object({
    id: z.uuid(),
    species: Species,
    name: z.string(),
    description: z.string(),
    status: z.enum(PUBLIC_SEARCH_STATUSES),
    lastSeenAt: z.string(),
    area: CoarseAreaSchema,
    photos: z.array(PhotoRef),
  })
  .openapi('PublicLostPet')

export const ListSearchesQuery = z.object({ status: SearchStatus.optional() })
