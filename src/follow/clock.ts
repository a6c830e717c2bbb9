import { sleep } from '../codearts/sleep.js'

/** Time as a run sees it; tests pass their own (RunDeps.clock) to run fast and exact. */
export interface Clock {
  now(): number
  /** Waits `ms`; rejects with the signal's reason as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The wall clock, and the timer in codearts/ (below this folder) that the API client uses too. */
export const realClock: Clock = { now: () => Date.now(), sleep }
