import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { limitBody } from '../http/body-limit.ts'
import type { AppEnv } from '../http/env.ts'
import { IdParam } from '../http/path-params.ts'
import {
  conflictResponse,
  ErrorSchema,
  errorResponses,
  uploadErrorResponses,
  jsonResponse,
  type Router,
} from '../http/router.ts'
import { MAX_PHOTOS, publicStatusOf } from './search.rules.ts'
import { addSearchPhoto as addPhoto, removeSearchPhoto as removePhoto } from './search-photo.service.ts'
import {
  AddSearchPhotoForm,
  CloseSearchBody,
  CreateSearchForm,
  ListSearchesQuery,
  PublicLostPetSchema,
  SearchListSchema,
  SearchPhotoParam,
  SearchSchema,
  UpdateSearchBody,
} from './search.schema.ts'
import * as searches from './search.service.ts'
import { closeSearch as close, reopenSearch as reopen } from './search-ending.service.ts'
import { toOwnerSearch, toPublicLostPet } from './search.view.ts'

const goneResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})
const jpeg = { description: 'JPEG photo (re-encoded, no metadata)', content: { 'image/jpeg': { schema: z.any() } } }

const createSearch = createRoute({
  method: 'post',
  path: '/api/searches',
  tags: ['searches'],
  summary: 'Report a lost pet (1–5 photos, multipart)',
  description:
    'A photo with no dog or cat found answers 422 PHOTO_WITHOUT_PET, and one showing the other species 409 SPECIES_MISMATCH, with `error.details.photos` naming them; send the form again without those photos, or with keepWithoutPet / confirmSpecies. A person-dominant photo is always refused (422 UNPROCESSABLE).',
  middleware: [limitBody(MAX_PHOTOS * 10 * 1024 * 1024 + 64 * 1024)] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: CreateSearchForm } } } },
  responses: { 201: jsonResponse(SearchSchema, 'Search opened'), ...uploadErrorResponses },
})
const listSearches = createRoute({
  method: 'get',
  path: '/api/searches',
  tags: ['searches'],
  summary: 'List your searches',
  request: { query: ListSearchesQuery },
  responses: { 200: jsonResponse(SearchListSchema, 'Your searches'), ...errorResponses },
})
const getSearch = createRoute({
  method: 'get',
  path: '/api/searches/{id}',
  tags: ['searches'],
  summary: 'One of your searches (another user’s is a 404)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SearchSchema, 'The search'), ...errorResponses },
})
const updateSearch = createRoute({
  method: 'patch',
  path: '/api/searches/{id}',
  tags: ['searches'],
  summary: 'Update a search',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UpdateSearchBody } } } },
  responses: { 200: jsonResponse(SearchSchema, 'Updated'), ...errorResponses, ...conflictResponse },
})
const closeSearch = createRoute({
  method: 'post',
  path: '/api/searches/{id}/close',
  tags: ['searches'],
  summary: 'Close a search: the pet was found, or the search is given up',
  description:
    'Found ("… is home") also marks the found-pet reports of the reunion as reunited: those named in foundReportIds (of the search’s found-matches), or by default those whose finder wrote with the owner. Undo with /reopen within a day.',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CloseSearchBody } } } },
  responses: { 200: jsonResponse(SearchSchema, 'Closed'), ...errorResponses, ...conflictResponse },
})
const reopenSearch = createRoute({
  method: 'post',
  path: '/api/searches/{id}/reopen',
  tags: ['searches'],
  summary: 'Undo "… is home" within a day: the search runs again and its reunited found reports return to the feed',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(SearchSchema, 'Reopened'),
    ...errorResponses,
    ...conflictResponse,
    410: goneResponse('More than a day after closing'),
  },
})
const renewSearch = createRoute({
  method: 'post',
  path: '/api/searches/{id}/renew',
  tags: ['searches'],
  summary: 'Keep a search going for another 30 days',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SearchSchema, 'Renewed'), ...errorResponses, ...conflictResponse },
})
const getSearchPhoto = createRoute({
  method: 'get',
  path: '/api/searches/{id}/photos/{photoId}',
  tags: ['searches'],
  summary: 'A photo of one of your searches',
  request: { params: SearchPhotoParam },
  responses: { 200: jpeg, ...errorResponses },
})
const addSearchPhoto = createRoute({
  method: 'post',
  path: '/api/searches/{id}/photos',
  tags: ['searches'],
  summary: 'Add a photo to an open search (multipart; at most 5 in all); matching runs again',
  description:
    'The same photo checks as opening a search: 422 PHOTO_WITHOUT_PET and 409 SPECIES_MISMATCH until keepWithoutPet / confirmSpecies answer them.',
  middleware: [limitBody(10 * 1024 * 1024 + 64 * 1024)] as const,
  request: {
    params: IdParam,
    body: { required: true, content: { 'multipart/form-data': { schema: AddSearchPhotoForm } } },
  },
  responses: { 200: jsonResponse(SearchSchema, 'Photo added'), ...uploadErrorResponses, ...conflictResponse },
})
const removeSearchPhoto = createRoute({
  method: 'delete',
  path: '/api/searches/{id}/photos/{photoId}',
  tags: ['searches'],
  summary: 'Remove a photo from an open search (not its last); matching runs again',
  request: { params: SearchPhotoParam },
  responses: { 200: jsonResponse(SearchSchema, 'Photo removed'), ...errorResponses, ...conflictResponse },
})
const getLostPet = createRoute({
  method: 'get',
  path: '/api/lost-pets/{id}',
  tags: ['lost pets'],
  summary: 'Public page of an active (or found) lost pet: coarse area only',
  request: { params: IdParam },
  responses: { 200: jsonResponse(PublicLostPetSchema, 'The lost pet'), 404: errorResponses[404] },
})
const getLostPetPhoto = createRoute({
  method: 'get',
  path: '/api/lost-pets/{id}/photos/{photoId}',
  tags: ['lost pets'],
  summary: 'A public lost pet’s photo',
  request: { params: SearchPhotoParam },
  responses: { 200: jpeg, 404: errorResponses[404] },
})

const photoResponse = (photo: { bytes: Buffer; contentType: string }) =>
  new Response(new Uint8Array(photo.bytes), {
    headers: {
      'content-type': photo.contentType,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    },
  })

export function searchRoutes(router: Router, signedIn: MiddlewareHandler<AppEnv>) {
  const withPhotos = async (deps: searches.SearchDeps, search: Awaited<ReturnType<typeof searches.getOwnSearch>>) =>
    toOwnerSearch(search, await searches.photosOf(deps, [search.id]))

  router.use('/api/searches', signedIn)
  router.use('/api/searches/*', signedIn)

  router.openapi(createSearch, async (c) => {
    const { deps } = c.var
    const search = await searches.openSearch(deps, c.get('user').id, c.req.valid('form'))
    return c.json(await withPhotos(deps, search), 201)
  })
  router.openapi(listSearches, async (c) => {
    const { deps } = c.var
    const rows = await searches.listOwnSearches(deps, c.get('user').id, c.req.valid('query').status)
    const photos = await searches.photosOf(
      deps,
      rows.map((row) => row.id),
    )
    return c.json(
      {
        searches: rows.map((row) =>
          toOwnerSearch(
            row,
            photos.filter((p) => p.search_id === row.id),
          ),
        ),
      },
      200,
    )
  })
  router.openapi(getSearch, async (c) => {
    const { deps } = c.var
    const search = await searches.getOwnSearch(deps, c.get('user').id, c.req.valid('param').id)
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(updateSearch, async (c) => {
    const { deps } = c.var
    const search = await searches.updateSearch(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json'))
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(closeSearch, async (c) => {
    const { deps } = c.var
    const search = await close(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json'))
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(reopenSearch, async (c) => {
    const { deps } = c.var
    const search = await reopen(deps, c.get('user').id, c.req.valid('param').id)
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(renewSearch, async (c) => {
    const { deps } = c.var
    const search = await searches.renewSearch(deps, c.get('user').id, c.req.valid('param').id)
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(getSearchPhoto, async (c) => {
    const { deps } = c.var
    const { id, photoId } = c.req.valid('param')
    const search = await searches.getOwnSearch(deps, c.get('user').id, id)
    return photoResponse(await searches.readSearchPhoto(deps, search, photoId))
  })
  router.openapi(addSearchPhoto, async (c) => {
    const { deps } = c.var
    const { photo, ...decisions } = c.req.valid('form')
    const search = await addPhoto(deps, c.get('user').id, c.req.valid('param').id, photo, decisions)
    return c.json(await withPhotos(deps, search), 200)
  })
  router.openapi(removeSearchPhoto, async (c) => {
    const { deps } = c.var
    const { id, photoId } = c.req.valid('param')
    return c.json(await withPhotos(deps, await removePhoto(deps, c.get('user').id, id, photoId)), 200)
  })
  router.openapi(getLostPet, async (c) => {
    const { deps } = c.var
    const search = await searches.getPublicSearch(deps, c.req.valid('param').id)
    const photos = await searches.photosOf(deps, [search.id])
    return c.json(toPublicLostPet({ ...search, status: publicStatusOf(search.status) }, photos), 200)
  })
  router.openapi(getLostPetPhoto, async (c) => {
    const { deps } = c.var
    const { id, photoId } = c.req.valid('param')
    const search = await searches.getPublicSearch(deps, id)
    return photoResponse(await searches.readSearchPhoto(deps, search, photoId))
  })
}
