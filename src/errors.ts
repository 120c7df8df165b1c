// No HTTP here: services and workers throw these too; src/http/error-handler.ts maps codes to statuses once.
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'IMAGE_NOT_ALLOWED'
  | 'CONSENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'PHOTO_WITHOUT_PET'
  | 'SPECIES_MISMATCH'

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable specifics a page acts on (which photo, what the detector saw); never anything private. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`)
export const invalidInput = (message: string) => new AppError('INVALID_INPUT', message)

/** 429: the caller is over a limit; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message)
  }
}
