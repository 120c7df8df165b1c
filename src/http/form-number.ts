import { z } from '@hono/zod-openapi'

// Plain decimals only: z.coerce.number() read "" as 0, "0x10" as 16 and "1e3" as 1000.
const DECIMAL = /^-?(?:\d{1,15}(?:\.\d{1,15})?|\.\d{1,15})$/

/** A number sent as text (a form field or a query parameter), then checked by `schema`. */
export function decimalField<T extends z.ZodType<number, number>>(schema: T) {
  return z
    .string()
    .regex(DECIMAL, 'must be a plain decimal number')
    .transform(Number)
    .pipe(schema)
    .openapi({ type: 'string', format: 'decimal', example: '51.4613' })
}
