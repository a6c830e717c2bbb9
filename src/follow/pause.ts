import { Clock } from './clock.js'

/**
 * Waits `ms`, or less when `pending` (a status call on its way) settles first with anything
 * but `false`: the call may say the build is over, and draining the log should not wait a
 * whole poll interval for it; an answer of `false` (the build runs on) lets the wait go on.
 * Rejects at once when `signal` aborts.
 */
export async function pauseUntilAnswer(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
  pending: Promise<unknown> | undefined
): Promise<void> {
  if (!pending) return clock.sleep(ms, signal)
  const answered = new AbortController()
  const wake = (): void => answered.abort()
  pending.then((answer) => {
    if (answer !== false) wake()
  }, wake)
  try {
    await clock.sleep(ms, AbortSignal.any([signal, answered.signal]))
  } catch (error) {
    if (!answered.signal.aborted) throw error // the follow ends: the signal's reason
  }
  signal.throwIfAborted()
}
