import { ApiError } from '../codearts/errors.js'
import { backoffDelayMs, BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js'
import type { Clock } from './clock.js'

/** One failure about to be retried, for the caller's message. */
export interface RetryNotice {
  readonly error: unknown
  /** 1 for the first failure of a run; back to 1 after a success. */
  readonly failuresInARow: number
  /** The pause chosen before the next try. */
  readonly delayMs: number
}

/** How a call is retried. */
export interface RetryOptions {
  readonly clock: Clock
  /** Ends every wait and every further try; the failure in hand is thrown then. */
  readonly signal: AbortSignal
  /** Whether a failure is worth another try; a failure that is not is thrown as it is. */
  readonly shouldRetry: (error: unknown) => boolean
  readonly backoff?: BackoffPolicy
  readonly random?: () => number
  /** Tries in all, after which the last failure is thrown; no limit when not given. */
  readonly maxAttempts?: number
  /** Told before each pause. */
  readonly onRetry?: (notice: RetryNotice) => void
  /** Runs after each pause, before the next try (e.g. to keep another call at its pace). */
  readonly afterPause?: () => Promise<void>
  /** Told when a call succeeds after failures, with how many there were. */
  readonly onRecovered?: (failuresInARow: number) => void
  /**
   * The wait a shared pace sets after a failure (throttling) of a try sent at `sentAt`, instead
   * of the backoff; undefined for a failure the pace leaves to the backoff.
   */
  readonly pacedDelayMs?: (error: unknown, sentAt: number) => number | undefined
}

/**
 * Runs `call` until it succeeds, pausing between tries with capped exponential backoff (a
 * server's Retry-After is a floor), or as a shared pace says (throttling), on the injected
 * clock, so tests run on virtual time.
 */
export async function withRetries<T>(
  call: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const { clock, signal } = options
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const random = options.random ?? Math.random
  for (let failuresInARow = 0; ;) {
    signal.throwIfAborted()
    const sentAt = clock.now()
    try {
      const value = await call(signal)
      if (failuresInARow > 0) options.onRecovered?.(failuresInARow)
      return value
    } catch (error) {
      if (signal.aborted || !options.shouldRetry(error)) throw error
      failuresInARow++
      if (options.maxAttempts !== undefined && failuresInARow >= options.maxAttempts) throw error
      const retryAfterMs = error instanceof ApiError ? error.retryAfterMs : undefined
      const delayMs =
        options.pacedDelayMs?.(error, sentAt) ??
        backoffDelayMs(failuresInARow, backoff, random, retryAfterMs)
      options.onRetry?.({ error, failuresInARow, delayMs })
      await clock.sleep(delayMs, signal)
      await options.afterPause?.()
    }
  }
}

/** A failure of the network or the server that another try may heal. */
export function isTransient(error: unknown): error is ApiError {
  // Throttling is transient whether its kind says so or names it apart.
  return error instanceof ApiError && error.kind === 'transient'
}
