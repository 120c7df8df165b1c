import { z } from '@hono/zod-openapi'

/** A coarse area as every route returns it (geo/cells.ts `describeCoarseArea`): never a point. */
export const CoarseAreaSchema = z
  .object({
    cell: z.string().openapi({ description: 'H3 cell (resolution 8, ~0.74 km²)' }),
    center: z.object({ lat: z.number(), lng: z.number() }),
    boundary: z.array(z.tuple([z.number(), z.number()])),
    areaKm2: z.number(),
  })
  .openapi('CoarseArea')
