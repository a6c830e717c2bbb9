import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { startSimulator } from '../../simulator/server.js'
import { ActionRun, runAction } from './run-action.js'

export type Simulator = Awaited<ReturnType<typeof startSimulator>>
export type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>

/** A live build: the log grows in small pieces cut anywhere, read through a 4 KiB cursor. */
export const LIVE: SimulatorOptions = {
  startDelayMs: 50,
  pieceIntervalMs: 5,
  minPieceBytes: 1,
  maxPieceBytes: 9000,
  finishDelayMs: 50,
  maxReadBytes: 4096
}

const running: Simulator[] = []

/** Starts a simulator that `closeSimulators` will close (call it in `afterEach`). */
export async function simulate(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = await startSimulator(options)
  running.push(simulator)
  return simulator
}

export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()))
}

/** The inputs that point the action at the simulator's build #1, polling fast. */
export function inputsFor(
  simulator: Simulator,
  inputs: Record<string, string> = {}
): Record<string, string> {
  return {
    'job-id': simulator.jobId,
    'build-no': '1',
    token: simulator.token,
    endpoint: simulator.url,
    'poll-interval': '0.05',
    ...inputs
  }
}

/** What one run of the bundle against a fresh simulator left: the run, the runner's view, the served log. */
export interface SimulatedRun {
  readonly sim: Simulator
  readonly run: ActionRun
  readonly view: ReturnType<typeof parseRunnerOutput>
  readonly served: Buffer
}

/** Runs the committed bundle to its end against a new simulator built from `options`. */
export async function follow(
  options: SimulatorOptions,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<SimulatedRun> {
  const sim = await simulate(options)
  const run = await runAction(inputsFor(sim, inputs), env)
  return { sim, run, view: parseRunnerOutput(run.stdout), served: sim.servedLog(1) }
}
