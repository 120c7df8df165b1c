// Pure: how long to wait after `failures` consecutive failed sends.
export interface BackoffOptions {
  readonly baseMs: number
  readonly maxMs: number
}

/** Exponential with "equal jitter": between half and all of base · 2^(n−1), capped, so agents do not stampede a recovering server. */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  if (failures <= 0) return 0
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(30, failures - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
