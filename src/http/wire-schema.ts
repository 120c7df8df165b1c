// Loaded for its side effect: it gives zod schemas made from now on their .openapi().
import '@hono/zod-openapi'
import type { z } from '@hono/zod-openapi'

/**
 * A schema of the device wire (src/contracts/device-wire.ts) under its OpenAPI component name. Zod copies
 * its methods onto a schema when the schema is made, so one made before @hono/zod-openapi loaded has no
 * `.openapi()`: a clone made now has it (the fields, and their descriptions, are the same objects).
 */
export const named = <T extends z.ZodType>(schema: T, id: string): T => schema.clone().openapi(id)
