const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/**
 * A moment, readable without script (in UTC); `client/lib/local-time.ts` rewrites it in the reader's own
 * time zone, since the server cannot know it.
 */
export function When({ at }: { at: Date | string }) {
  const date = typeof at === 'string' ? new Date(at) : at
  return (
    <time datetime={date.toISOString()} data-local="">
      {`${utc.format(date)} UTC`}
    </time>
  )
}
