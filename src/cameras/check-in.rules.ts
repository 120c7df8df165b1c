/** How coarsely a camera's check-in is kept: the server stores the time rounded down to this step. */
export const CHECK_IN_STEP_MS = 5 * 60 * 1000
/** An agent that checked in this recently counts as online (three steps: it polls at least every minute). */
export const ONLINE_WITHIN_MS = 15 * 60 * 1000

/** The check-in time as stored: rounded down to the step, so the value changes at most every 5 minutes. */
export function coarseCheckIn(now: Date): Date {
  return new Date(Math.floor(now.getTime() / CHECK_IN_STEP_MS) * CHECK_IN_STEP_MS)
}

/** Whether the stored (coarse) value must be rewritten: only when the step changed, not on every request. */
export function checkInChanged(stored: Date | null, now: Date): boolean {
  return stored === null || stored.getTime() !== coarseCheckIn(now).getTime()
}

export function isOnline(lastCheckIn: Date | null, now: Date): boolean {
  return lastCheckIn !== null && now.getTime() - lastCheckIn.getTime() < ONLINE_WITHIN_MS
}

/** Midnight of `now`'s day in an IANA time zone, as an instant ("today" in the owner's own calendar). */
export function startOfDayIn(timeZone: string, now: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>
  const wallClock = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  const offsetMs = wallClock - Math.floor(now.getTime() / 1000) * 1000
  return new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day!) - offsetMs)
}
