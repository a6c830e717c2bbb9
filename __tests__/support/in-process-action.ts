/**
 * The action's main phase in this process, seen as the bundle tests see the bundle: an
 * ActionRun (outputs, summary, log file, exit code) whose stdout carries the runner commands as
 * `@actions/core` writes them, on a clock whose waits take almost no real time. For what needs
 * no real process; signals, the post phase and the bundle itself stay with run-action.ts.
 */
import type { Clock } from '../../src/follow/clock.js'
import { sleep } from '../../src/codearts/sleep.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { runInProcess } from './in-process-run.js'
import type { ActionRun } from './run-action.js'
import { inputsFor, simulate, SimulatedRun, SimulatorOptions } from './simulated-run.js'

/**
 * Wall-clock time in which every wait is cut to `realMsPerSleep` and the rest skipped: time
 * never runs backwards or slower than the wall clock, so the simulator's own schedule (real
 * time) still moves on while a poll interval, a retry delay or a status wait costs ~1 ms.
 */
export class SkippingClock implements Clock {
  private skippedMs = 0

  constructor(private readonly realMsPerSleep = 1) {}

  now(): number {
    return Date.now() + this.skippedMs
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const realMs = Math.min(ms, this.realMsPerSleep)
    await sleep(realMs, signal)
    this.skippedMs += ms - realMs
  }
}

/** Runs `run()` in process as the runner would run the bundle, with inputs and environment. */
export async function runActionInProcess(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const startedAt = Date.now()
  const result = await runInProcess(inputs, {
    env,
    clock: new SkippingClock(),
    commandsOnStdout: true
  })
  return {
    exitCode: result.failures.length > 0 ? 1 : 0,
    signal: null,
    stdout: result.stdout,
    // In process, the action has no stderr of its own: a crash rejects run() and fails the test.
    stderr: '',
    outputs: result.outputs,
    stateFile: Object.entries(result.states)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
    summary: result.summary,
    logBytes: result.logFile,
    durationMs: Date.now() - startedAt
  }
}

/** Follows build #1 of a new simulator built from `options` to its end, in process. */
export async function followInProcess(
  options: SimulatorOptions,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<SimulatedRun> {
  const sim = await simulate(options)
  const run = await runActionInProcess(inputsFor(sim, inputs), env)
  return { sim, run, view: parseRunnerOutput(run.stdout), served: sim.servedLog(1) }
}
