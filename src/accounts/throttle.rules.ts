/** Failures allowed before any wait: a person who mistypes a few times never notices the throttle. */
export const FREE_FAILURES = 5
/** The longest wait between tries for one account: long enough to make guessing hopeless, short enough that a locked-out owner is not locked out for long. */
export const MAX_DELAY_SECONDS = 15 * 60

/** Seconds to wait after the `failures`-th failure in a row: 0 for the first few, then 2, 4, 8 … up to 15 minutes. */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1))
}

/** A failure streak is forgotten after a day without failures. */
export const FORGET_AFTER_SECONDS = 24 * 3600
