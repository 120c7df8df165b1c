import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../errors.ts'

export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`)
    },
  })
}
