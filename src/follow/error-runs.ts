import { formatDuration } from '../text/duration.js'

/**
 * Watches one call's failures for a run of the same error: retries go on under the usual
 * policy, but an error that has not changed for `warnAfterMs` is worth one warning, so nobody
 * watches a silent step. A success or a different error starts a new run.
 */
export class SameErrorWatch {
  private current: { key: string; since: number; warned: boolean } | undefined

  constructor(
    private readonly warnAfterMs: number,
    private readonly warn: (message: string) => void
  ) {}

  /** Records a failure at `nowMs`; warns once when the same error has lasted long enough. */
  failed(what: string, message: string, nowMs: number): void {
    if (this.current?.key !== message) this.current = { key: message, since: nowMs, warned: false }
    const run = this.current
    if (run.warned || nowMs - run.since < this.warnAfterMs) return
    run.warned = true
    this.warn(
      `${what} has failed with the same error for ${formatDuration(nowMs - run.since)}; still retrying: ${message}`
    )
  }

  succeeded(): void {
    this.current = undefined
  }
}
