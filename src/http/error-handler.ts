import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, RateLimitedError, type ErrorCode } from '../errors.ts'
import type { AppEnv } from './env.ts'

const statusOf = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONSENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  IMAGE_NOT_ALLOWED: 422,
  RATE_LIMITED: 429,
  PHOTO_WITHOUT_PET: 422,
  SPECIES_MISMATCH: 409,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>

const codeOfStatus: Partial<Record<number, ErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
}

export function errorBody(code: string, message: string, details?: Readonly<Record<string, unknown>>) {
  return { error: { code, message, ...(details && { details }) } }
}

// Text the database cannot store (a NUL byte, an unencodable character) that got past the boundary checks.
const BAD_TEXT_SQLSTATES = new Set(['22021', '22P05'])

export function handleError(err: Error, c: Context<AppEnv>) {
  if (BAD_TEXT_SQLSTATES.has(String((err as { code?: unknown }).code)))
    return c.json(errorBody('INVALID_INPUT', 'Text contains characters that cannot be stored'), 400)
  if (err instanceof RateLimitedError) c.header('retry-after', String(err.retryAfterSeconds))
  if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.details), statusOf[err.code])
  if (err instanceof HTTPException && err.status < 500) {
    const code = codeOfStatus[err.status] ?? 'INVALID_INPUT'
    return c.json(errorBody(code, err.message || code), err.status)
  }
  c.get('logger')?.error({ err, requestId: c.get('requestId') }, 'unhandled error')
  return c.json(errorBody('INTERNAL', 'Something went wrong'), 500)
}
