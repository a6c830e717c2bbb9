/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then kills it. On Windows it
 * sends Ctrl+C (Node's SIGINT) and then Ctrl+Break (Node's SIGBREAK, which ends the process at
 * once unless a handler is installed) instead. The first signal asks the action to wind down
 * (stop the build if it should, keep the log tail); a second one means "now". Past the grace
 * period the process ends whatever holds it.
 */

/** Where signals arrive; `process` fits, and a test passes an EventEmitter. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
}

/** What the cancellation depends on besides its grace period; real ones by default. */
export interface CancellationEnvironment {
  readonly platform: NodeJS.Platform
  readonly signals: SignalSource
  /** Ends the process once the grace period after the first signal is over. */
  readonly exit: (code: NonNullable<typeof process.exitCode>) => void
}

/**
 * The signals that mean "cancel" on a platform: SIGBREAK only exists on Windows, where it is
 * the runner's second signal and would otherwise end Node without a word.
 */
export function cancelSignalsFor(platform: NodeJS.Platform): NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM']
}

const PROCESS_ENVIRONMENT: CancellationEnvironment = {
  platform: process.platform,
  signals: process,
  exit: (code) => process.exit(code)
}

export class Cancellation {
  private readonly first = new AbortController()
  private readonly second = new AbortController()
  private readonly signalNames: NodeJS.Signals[]
  private graceMs: number

  constructor(
    graceMs: number,
    private readonly environment: CancellationEnvironment = PROCESS_ENVIRONMENT
  ) {
    this.graceMs = graceMs
    this.signalNames = cancelSignalsFor(environment.platform)
    for (const name of this.signalNames) environment.signals.on(name, this.onSignal)
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
    for (const name of this.signalNames) this.environment.signals.off(name, this.onSignal)
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.first.signal.aborted) {
      this.second.abort(new Error(`received ${signal} again`))
      return
    }
    this.first.abort(new Error(`received ${signal}`))
    // unref: a timer that never keeps the process alive, only ends one that lingers.
    setTimeout(() => this.environment.exit(process.exitCode ?? 1), this.graceMs).unref()
  }
}
