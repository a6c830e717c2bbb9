/** Builds with a known timeline, and what tests read of a run against them. */
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import type { ActionRun } from './run-action.js'

export const LOG = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 31 }).text
export const LOG_BYTES = Buffer.from(LOG, 'utf8')

/** The byte just after the first line break at or past `byte`: pieces end on whole lines. */
export function lineEnd(byte: number): number {
  return LOG_BYTES.indexOf(0x0a, byte) + 1
}

/** A build that shows its first lines at once and then runs far longer than any test. */
export const LONG_RUNNING: SimulatorOptions = {
  log: LOG,
  schedule: [
    { atMs: 20, endByte: lineEnd(1500) },
    { atMs: 60_000, endByte: LOG_BYTES.length }
  ]
}

/** A build that runs for about 1.5 s: long enough to look at the outputs while it runs. */
export const SHORT_RUNNING: SimulatorOptions = {
  log: LOG,
  schedule: [
    { atMs: 20, endByte: lineEnd(1500) },
    { atMs: 1500, endByte: LOG_BYTES.length }
  ],
  finishDelayMs: 50
}

/** Inputs for a run against `simulator` without a build number (it is started, or given). */
export function inputsFor(
  simulator: Simulator,
  inputs: Record<string, string>
): Record<string, string> {
  return {
    'job-id': simulator.jobId,
    token: simulator.token,
    endpoint: simulator.url,
    'poll-interval': '0.05',
    ...inputs
  }
}

/** The requests the simulator received on one route. */
export function requestsTo(simulator: Simulator, route: string) {
  return simulator.requests.filter((request) => request.route === route)
}

/** The annotation that failed the step (`::error::…` on stdout). */
export function errorMessages(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error'))
    .map((line) => line.replace(/^::error[^:]*::/, ''))
}
