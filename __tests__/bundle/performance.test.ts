/**
 * A performance regression guard, sized for CI: the committed bundle follows finished builds
 * on the simulator while its wall time is measured. Figures are compared with each other, not
 * with fixed times, so a slow or busy machine moves both sides alike. Memory (peak RSS, flat
 * on larger logs) is held by bench/guard.js, which CI runs; the full benchmark is
 * bench/run.js.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FollowerRun } from '../../bench/harness.js'
import { MiB, runFollower } from '../../bench/harness.js'
import {
  generateLargeLog,
  generateShortLinesLog,
  generateSingleLongLineLog
} from '../../simulator/bulk-logs.js'
import { startSimulator } from '../../simulator/server.js'

type Simulator = Awaited<ReturnType<typeof startSimulator>>
type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>

/** Wall time per MiB on the larger log over the smaller's: linear, with slack for noise. */
const PER_MIB_SLACK = 1.6
/** A linear bound that only a worse-than-linear regression exceeds. */
const AWKWARD_LOG_FACTOR = 5
const AWKWARD_LOG_ALLOWANCE_MS = 1000

const simulators: Simulator[] = []

async function simulatorFor(log: Buffer, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ log, finished: true, ...options })
  simulators.push(sim)
  return sim
}

afterAll(async () => {
  await Promise.all(simulators.map((sim) => sim.close()))
})

function expectComplete(run: FollowerRun): void {
  expect({ exitCode: run.exitCode, logMatches: run.logMatches }).toEqual({
    exitCode: 0,
    logMatches: true
  })
}

interface Sized {
  mib: number
  readonly runs: FollowerRun[]
}

describe('the committed bundle on finished builds', () => {
  const small: Sized = { mib: 0, runs: [] }
  const large: Sized = { mib: 0, runs: [] }
  /** Startup and other fixed costs: the fastest run on an almost empty log. */
  let fixedMs = 0
  /** Wall time per MiB beyond the fixed costs, on the larger log. */
  let msPerMiB = 0

  beforeAll(async () => {
    const tiny = await simulatorFor(generateLargeLog({ targetBytes: 64 * 1024 }))
    const smallLog = generateLargeLog({ targetBytes: 16 * MiB })
    const largeLog = generateLargeLog({ targetBytes: 48 * MiB })
    const smallSim = await simulatorFor(smallLog)
    const largeSim = await simulatorFor(largeLog)
    small.mib = smallLog.length / MiB
    large.mib = largeLog.length / MiB

    const tinyRuns: FollowerRun[] = []
    // Alternating, so that a burst of load on the machine falls on both sizes.
    for (let round = 0; round < 2; round++) {
      tinyRuns.push(await runFollower('action', tiny))
      const order = round === 0 ? [small, large] : [large, small]
      for (const sized of order) {
        sized.runs.push(await runFollower('action', sized === small ? smallSim : largeSim))
      }
    }
    tinyRuns.forEach(expectComplete)
    fixedMs = Math.min(...tinyRuns.map((run) => run.wallMs))
    msPerMiB = (Math.min(...large.runs.map((run) => run.wallMs)) - fixedMs) / large.mib
  }, 180_000)

  it('writes a log file byte-identical to the served log and exits 0', () => {
    for (const run of [...small.runs, ...large.runs]) expectComplete(run)
  })

  it('takes time linear in the size of the log', () => {
    // Whole runs, fixed costs included: linear makes the larger log's time per MiB at most the
    // smaller's, quadratic three times it. A slow start-up on a busy machine cannot inflate it.
    const perMiB = (sized: Sized): number =>
      Math.min(...sized.runs.map((run) => run.wallMs)) / sized.mib
    expect(perMiB(large) / perMiB(small)).toBeLessThanOrEqual(PER_MIB_SLACK)
  })

  it('follows one 8 MiB line, arriving in 64 KiB answers, in linear time', async () => {
    const log = generateSingleLongLineLog({ lineBytes: 8 * MiB })
    // Small answers make the line arrive in 128 pieces: joining them badly would show.
    const run = await runFollower('action', await simulatorFor(log, { maxReadBytes: 64 * 1024 }))
    expectComplete(run)
    const boundMs =
      fixedMs + AWKWARD_LOG_ALLOWANCE_MS + AWKWARD_LOG_FACTOR * msPerMiB * (log.length / MiB)
    expect(Math.round(run.wallMs)).toBeLessThanOrEqual(Math.round(boundMs))
  }, 60_000)

  it('follows 400,000 short lines in linear time', async () => {
    const log = generateShortLinesLog({ lineCount: 400_000 })
    const run = await runFollower('action', await simulatorFor(log))
    expectComplete(run)
    const boundMs =
      fixedMs + AWKWARD_LOG_ALLOWANCE_MS + AWKWARD_LOG_FACTOR * msPerMiB * (log.length / MiB)
    expect(Math.round(run.wallMs)).toBeLessThanOrEqual(Math.round(boundMs))
  }, 60_000)
})
