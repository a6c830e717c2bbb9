import { Clock } from './clock.js'

/**
 * Waits `ms`, or less when `pending` (a status call on its way) settles first: the call sent
 * on a `Finished:` line may say the build is over, and draining the log should not wait a
 * whole poll interval for it. Rejects at once when `signal` aborts.
 */
export async function pauseUntilAnswer(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
  pending: Promise<unknown> | undefined
): Promise<void> {
  if (!pending) return clock.sleep(ms, signal)
  const answered = new AbortController()
  const sleeping = clock.sleep(ms, AbortSignal.any([signal, answered.signal]))
  sleeping.catch(() => undefined) // ended by an early answer below; a cancel is rethrown
  try {
    await Promise.race([sleeping, pending.then(ignore, ignore)])
  } finally {
    answered.abort() // clears the sleep's timer when the answer came first
  }
  signal.throwIfAborted()
}

function ignore(): void {}
