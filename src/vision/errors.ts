/**
 * Why an image was refused. No HTTP here: the server maps codes to statuses once, e.g.
 * IMAGE_TOO_LARGE → 413, the other IMAGE_* → 400 (or 422), NO_PET_FOUND / PERSON_IS_MAIN_SUBJECT → 422.
 */
export type VisionErrorCode =
  | 'IMAGE_EMPTY'
  | 'IMAGE_CORRUPT'
  | 'IMAGE_UNSUPPORTED'
  | 'IMAGE_TOO_SMALL'
  | 'IMAGE_TOO_LARGE'
  | 'NO_PET_FOUND'
  | 'PERSON_IS_MAIN_SUBJECT'

export class VisionError extends Error {
  override readonly name = 'VisionError'
  constructor(
    readonly code: VisionErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const isVisionError = (err: unknown): err is VisionError => err instanceof VisionError
