/** Capped exponential backoff with jitter; the arithmetic only, no timers. */
export interface BackoffPolicy {
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 }

/**
 * Delay before retry number `failuresInARow` (1 for the first retry): half of the capped
 * exponential delay plus a random part of the other half, which spreads the clients of one
 * overloaded server apart while keeping a floor; a server's Retry-After is a floor, never shortened,
 * but capped so a bogus value cannot stall the action past its own timeout checks.
 * The caller resets `failuresInARow` after any success, so delays come back down.
 */
export function backoffDelayMs(
  failuresInARow: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number
): number {
  const exponent = Math.min(Math.max(failuresInARow - 1, 0), 30)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2)
  if (retryAfterMs === undefined) return jittered
  return Math.min(Math.max(jittered, retryAfterMs), Math.max(policy.maxDelayMs, 60_000))
}
