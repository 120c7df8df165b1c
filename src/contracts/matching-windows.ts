// The server's matching windows, which an agent in private mode applies on the device too.
const HOUR_MS = 60 * 60 * 1000

/** Sightings from shortly before the last-seen time still count: owners misjudge the time. */
export const LOOKBACK_BEFORE_LAST_SEEN_MS = HOUR_MS
/** One camera raises at most one alert per search in this window. */
export const ALERT_DEDUPE_WINDOW_MS = 6 * HOUR_MS
