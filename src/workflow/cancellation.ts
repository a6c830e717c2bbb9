/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then kills it. The first
 * signal asks the action to wind down (stop the build if it should, keep the log tail); a
 * second one means "now". Past the grace period the process ends whatever holds it.
 */
export class Cancellation {
  private readonly first = new AbortController()
  private readonly second = new AbortController()
  private graceMs: number

  constructor(graceMs: number) {
    this.graceMs = graceMs
    process.on('SIGINT', this.onSignal)
    process.on('SIGTERM', this.onSignal)
  }

  /** Aborted at the first signal. */
  get requested(): AbortSignal {
    return this.first.signal
  }

  /** Aborted at the second signal: wind-down work must end at once. */
  get forced(): AbortSignal {
    return this.second.signal
  }

  /** How long the process may go on after the first signal. */
  setGraceMs(graceMs: number): void {
    this.graceMs = graceMs
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.first.signal.aborted) {
      this.second.abort(new Error(`received ${signal} again`))
      return
    }
    this.first.abort(new Error(`received ${signal}`))
    // unref: a timer that never keeps the process alive, only ends one that lingers.
    setTimeout(() => process.exit(process.exitCode ?? 1), this.graceMs).unref()
  }
}
