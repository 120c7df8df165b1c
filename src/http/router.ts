import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from './env.ts'
import { errorBody } from './error-handler.ts'
import { findNulByte, NUL_BYTE_MESSAGE } from './nul-bytes.ts'

export type Router = OpenAPIHono<AppEnv>

/** Every router validates with the same hook: a Zod failure, or a NUL character in any text, is a 400 INVALID_INPUT naming the fields. */
export function createRouter(): Router {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) {
        const field = findNulByte(result.data)
        return field === undefined
          ? undefined
          : c.json(errorBody('INVALID_INPUT', `${field}: ${NUL_BYTE_MESSAGE}`), 400)
      }
      const message = result.error.issues
        .slice(0, 10)
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ')
      return c.json(errorBody('INVALID_INPUT', message), 400)
    },
  })
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional().openapi({
        description:
          'Specifics a page acts on, e.g. which photos need a decision (PHOTO_WITHOUT_PET, SPECIES_MISMATCH)',
      }),
    }),
  })
  .openapi('Error')

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})

export const errorResponses = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Not signed in'),
  404: errorResponse('Not found'),
} as const

export const uploadErrorResponses = {
  ...errorResponses,
  413: errorResponse('Too large'),
  415: errorResponse('Unsupported media type'),
  422: errorResponse('Unprocessable content'),
} as const

export const conflictResponse = { 409: errorResponse('Conflict') } as const
export const forbiddenResponse = { 403: errorResponse('Forbidden') } as const
export const unprocessableResponse = { 422: errorResponse('Unprocessable content') } as const

/** A JSON response entry for createRoute. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** A required JSON request body for createRoute. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
