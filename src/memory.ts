import * as v8 from 'node:v8'
import * as vm from 'node:vm'

/**
 * Keeps the action's memory flat however large the log. Each log chunk leaves a few MiB of
 * large strings behind (the answer's text, its parsed content); V8 lets such garbage pile up
 * to a limit that grows with the machine's memory before it collects, so on a runner the
 * process would swell by a hundred MiB for no reason. A full collection of this small heap
 * takes a few milliseconds, so one every few MiB of log costs little and bounds the peak.
 */
export class GarbageBudget {
  private sinceLastCollection = 0
  private readonly collect: (() => void) | undefined

  constructor(private readonly budgetChars: number) {
    this.collect = exposeCollector()
  }

  /** Counts text that has become garbage; collects once the budget is spent. */
  spend(chars: number): void {
    if (!this.collect) return
    this.sinceLastCollection += chars
    if (this.sinceLastCollection < this.budgetChars) return
    this.sinceLastCollection = 0
    this.collect()
  }
}

/** The garbage collector as a function, where the engine lets it be exposed at run time. */
function exposeCollector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc')
    const collect: unknown = vm.runInNewContext('gc')
    return typeof collect === 'function' ? () => (collect as () => void)() : undefined
  } catch {
    return undefined
  }
}
