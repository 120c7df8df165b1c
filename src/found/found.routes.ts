import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { limitBody } from '../http/body-limit.ts'
import { decimalField } from '../http/form-number.ts'
import type { AppEnv } from '../http/env.ts'
import { IdParam } from '../http/path-params.ts'
import { conflictResponse, errorResponses, jsonResponse, uploadErrorResponses, type Router } from '../http/router.ts'
import { CoarseAreaSchema } from '../geo/area.schema.ts'
import { PhotoDecisionFields, Species } from '../searches/search.schema.ts'
import {
  closeFoundReport,
  getFoundPet,
  listFoundMatches,
  listOwnFoundReports,
  readFoundPetPhoto,
  reportFoundPet,
  toPublicFoundPet,
} from './found.service.ts'

const FoundPetForm = z
  .object({
    species: Species,
    foundAt: z.iso.datetime({ offset: true }),
    lat: decimalField(z.number().min(-90).max(90)),
    lng: decimalField(z.number().min(-180).max(180)),
    description: z.string().trim().max(2000).optional(),
    photo: z.instanceof(File).openapi({ type: 'string', format: 'binary' }),
    ...PhotoDecisionFields,
  })
  .strict()
  .openapi('FoundPetForm')
const FoundPet = z
  .object({
    id: z.uuid(),
    species: Species,
    foundAt: z.string(),
    area: CoarseAreaSchema,
    description: z.string(),
    photoUrl: z.string(),
    usedForMatching: z
      .boolean()
      .optional()
      .openapi({ description: 'False when the photo was kept although no dog or cat was found in it: never matched' }),
  })
  .openapi('FoundPet')
const FinderFoundPet = FoundPet.extend({
  usedForMatching: z.boolean(),
  status: z.enum(['active', 'closed', 'reunited']),
  closedAt: z.string().nullable(),
}).openapi('FinderFoundPet')

const report = createRoute({
  method: 'post',
  path: '/api/found-pets',
  tags: ['found pets'],
  summary: 'Report a dog or cat you found (one photo; the place is kept only as a coarse area)',
  description:
    'The photo checks of a lost-pet report: 422 PHOTO_WITHOUT_PET and 409 SPECIES_MISMATCH until keepWithoutPet / confirmSpecies answer them.',
  middleware: [limitBody(10 * 1024 * 1024 + 64 * 1024)] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: FoundPetForm } } } },
  responses: { 201: jsonResponse(FoundPet, 'Reported'), ...uploadErrorResponses, ...conflictResponse },
})
const close = createRoute({
  method: 'post',
  path: '/api/found-pets/{id}/close',
  tags: ['found pets'],
  summary: 'Close a found-pet report you made: it leaves the feed and is matched no more (another’s is a 404)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(FinderFoundPet, 'Closed'), ...errorResponses, ...conflictResponse },
})
const mine = createRoute({
  method: 'get',
  path: '/api/me/found-pets',
  tags: ['found pets'],
  summary: 'The found-pet reports you made, open and closed',
  responses: { 200: jsonResponse(z.object({ foundPets: z.array(FinderFoundPet) }), 'Your reports'), ...errorResponses },
})
const getOne = createRoute({
  method: 'get',
  path: '/api/found-pets/{id}',
  tags: ['found pets'],
  summary: 'A found pet’s public page',
  request: { params: IdParam },
  responses: { 200: jsonResponse(FoundPet, 'Found pet'), 404: errorResponses[404] },
})
const photo = createRoute({
  method: 'get',
  path: '/api/found-pets/{id}/photo',
  tags: ['found pets'],
  summary: 'A found pet’s photo',
  request: { params: IdParam },
  responses: { 200: { description: 'JPEG', content: { 'image/jpeg': { schema: z.any() } } }, 404: errorResponses[404] },
})
const matches = createRoute({
  method: 'get',
  path: '/api/searches/{id}/found-matches',
  tags: ['found pets'],
  summary: 'Found pets that look like your lost pet',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.object({ matches: z.array(FoundPet.extend({ similarity: z.number() })) }), 'Likely matches'),
    ...errorResponses,
  },
})

export function foundRoutes(router: Router, signedIn: MiddlewareHandler<AppEnv>) {
  router.on('POST', '/api/found-pets', signedIn)
  router.on('POST', '/api/found-pets/:id/close', signedIn)
  router.openapi(report, async (c) =>
    c.json(await reportFoundPet(c.var.deps, c.get('user').id, c.req.valid('form')), 201),
  )
  router.openapi(getOne, async (c) =>
    c.json(toPublicFoundPet(await getFoundPet(c.var.deps, c.req.valid('param').id)), 200),
  )
  router.openapi(photo, async (c) =>
    c.body(new Uint8Array(await readFoundPetPhoto(c.var.deps, c.req.valid('param').id)), 200, {
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
    }),
  )
  router.openapi(close, async (c) =>
    c.json(await closeFoundReport(c.var.deps, c.get('user').id, c.req.valid('param').id), 200),
  )
  router.openapi(mine, async (c) => c.json({ foundPets: await listOwnFoundReports(c.var.deps, c.get('user').id) }, 200))
  router.openapi(matches, async (c) =>
    c.json({ matches: await listFoundMatches(c.var.deps, c.get('user').id, c.req.valid('param').id) }, 200),
  )
}
