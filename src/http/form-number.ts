import { z } from '@hono/zod-openapi'

// Decimals only (as JavaScript's String(number) writes them, exponent included): z.coerce.number() read "" as 0,
// "0x10" as 16, "0b11" as 3 and " 5 " as 5.
const DECIMAL = /^-?(?:\d{1,15}(?:\.\d{1,20})?|\.\d{1,20})(?:e[+-]?\d{1,3})?$/

/** A number sent as text (a form field or a query parameter), then checked by `schema`. */
export function decimalField<T extends z.ZodType<number, number>>(schema: T) {
  return z
    .string()
    .regex(DECIMAL, 'must be a decimal number')
    .transform(Number)
    .pipe(schema)
    .openapi({ type: 'string', format: 'decimal', example: '51.4613' })
}
