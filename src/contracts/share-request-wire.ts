import { z } from 'zod'

/**
 * The wire of the agent's long-poll for web share requests (GET /api/devices/share-requests), apart
 * from device-wire.ts so the poll's contract changes in one place. Zod only, like device-wire.ts.
 */
export const SHARE_REQUEST_MAX_WAIT_SECONDS = 25

export const ShareRequestWaitQuery = z
  .object({
    wait: z.coerce
      .number()
      .int()
      .min(0)
      .max(SHARE_REQUEST_MAX_WAIT_SECONDS)
      .default(0)
      .meta({
        description: `Seconds to hold the request open when nothing is waiting (0–${SHARE_REQUEST_MAX_WAIT_SECONDS}); 0, the default, answers at once`,
      }),
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'The cursor of the previous answer: only requests made after it are returned' }),
  })
  .strict()

export const ShareRequestList = z.object({
  requests: z.array(z.object({ alertId: z.uuid(), requestedAt: z.string() })).meta({
    description: 'Pending alerts of this camera whose owner asked, on the web, for a share (oldest first, at most 50)',
  }),
  cursor: z.string().nullable().meta({ description: 'Pass as `since` next time; null until there was a request' }),
})

export type ShareRequestList = z.infer<typeof ShareRequestList>
