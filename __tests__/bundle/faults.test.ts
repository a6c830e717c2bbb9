/**
 * The committed bundle against a simulator that fails a good part of its answers, with every
 * kind of failure it can inject: the build's result, the log file and the page must come out
 * as if nothing had failed, and no failed read may move the cursor.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { FAULT_KINDS, FaultInjector } from '../../simulator/faults.js'
import type { FaultKind } from '../../simulator/faults.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import {
  alignRemoteLines,
  cursorViolations,
  RequestRecord,
  shownTextLines
} from '../support/follow-checks.js'
import { closeSimulators, follow, SimulatedRun } from '../support/simulated-run.js'

afterEach(closeSimulators)

/** Every served line shown once and in order, a clean page, and a cursor moved only by success. */
function expectEveryLineOnceAndACleanCursor({
  view,
  served,
  sim
}: Omit<SimulatedRun, 'run'>): void {
  const alignment = alignRemoteLines(view, served)
  expect(alignment.strays).toEqual([])
  expect(alignment.shownInOrder).toBe(alignment.expected.length)
  expect(view.fenceOpenAtEnd).toBe(false)
  expect(view.nestingViolations).toBe(0)
  expect(cursorViolations(sim.requests)).toEqual([])
}

const logReads = (requests: readonly RequestRecord[]) => requests.filter((r) => r.route === 'log')

/** Short hangs: the simulator then drops the socket, long before the action's 30 s limit. */
const FAULTS = { hangMs: 100, retryAfterSeconds: 0 }

describe('with a quarter of the answers failing, every fault kind included', () => {
  it('ends with the right result, the exact log, each line shown once in order, and a cursor that only moves on success', async () => {
    const { text } = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 7, longLineBytes: 300 })
    const { sim, run, view, served } = await follow({
      log: text,
      finished: true,
      // Small answers: many reads, so that the fault sequence goes round every kind.
      maxReadBytes: 100,
      faults: { ...FAULTS, rate: 0.25, seed: 1 }
    })

    const injected = sim.requests.map((r) => r.fault).filter((f): f is FaultKind => !!f)
    expect([...new Set(injected)].sort()).toEqual([...FAULT_KINDS].sort())
    expect(injected.length / sim.requests.length).toBeGreaterThanOrEqual(0.2)

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(served.toString('utf8')).toBe(text)
    expect(run.logBytes?.equals(served)).toBe(true)

    const alignment = alignRemoteLines(view, served)
    expect(alignment.strays).toEqual([])
    expect(alignment.shownInOrder).toBe(alignment.expected.length)
    expect(view.fenceOpenAtEnd).toBe(false)
    expect(view.nestingViolations).toBe(0)

    const reads = logReads(sim.requests)
    expect(reads[0].query.offset).toBe('0')
    expect(reads.filter((r) => r.fault).length).toBeGreaterThanOrEqual(14)
    expect(cursorViolations(sim.requests)).toEqual([])
  })

  it('follows a live, growing log of a failing build through small answers', async () => {
    const { text, steps } = generateBuildLogWithSteps({
      result: 'FAILURE',
      seed: 17,
      longLineBytes: 300
    })
    const { sim, run, view, served } = await follow({
      log: text,
      result: 'FAILURE',
      startDelayMs: 50,
      pieceIntervalMs: 100,
      minPieceBytes: 1,
      maxPieceBytes: 600,
      finishDelayMs: 100,
      // An odd size that cuts lines and multi-byte characters anywhere.
      maxReadBytes: 97,
      faults: { ...FAULTS, rate: 0.25, seed: 5 }
    })

    // The build was still growing while the action read it.
    const pieces = sim.pieceTimes(1)
    expect(pieces.length).toBeGreaterThan(5)
    const reads = logReads(sim.requests)
    expect(reads[0].atEpochMs).toBeLessThan(pieces[pieces.length - 1].atEpochMs)
    expect(sim.requests.filter((r) => r.fault).length).toBeGreaterThan(5)

    const failed = steps.find((step) => step.status === 'error')
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.outputs['failed-step']).toBe(failed?.name)
    expect(served.toString('utf8')).toBe(text)
    expect(run.logBytes?.equals(served)).toBe(true)

    expectEveryLineOnceAndACleanCursor({ view, served, sim })
  })
})

describe('a line too long to be held whole', () => {
  // A line longer than the mirror holds whole (4096 characters) goes to stdout in pieces; a
  // failed read while it is half written must not put its debug message (or the fence's
  // resume command) into the middle of that line.
  it('shows a line too long to hold whole, cut across failing answers, once and whole', async () => {
    const { text } = generateBuildLogWithSteps({
      result: 'SUCCESS',
      seed: 19,
      longLineBytes: 9000
    })
    const longLine = text.split('\n').find((line) => line.length === 9000) ?? ''
    expect(longLine).toMatch(/^\[DEBUG\] -classpath /)
    const { sim, run, view, served } = await follow({
      log: text,
      finished: true,
      maxReadBytes: 600,
      faults: { ...FAULTS, rate: 0.4, seed: 3, kinds: ['http500', 'reset', 'notJson'] }
    })
    // Reads failed while the long line was coming in.
    const longStart = served.indexOf(longLine)
    const readsInLongLine = logReads(sim.requests).filter((r) => {
      const offset = Number(r.query.offset)
      return offset > longStart && offset < longStart + longLine.length
    })
    expect(readsInLongLine.some((r) => r.fault !== undefined)).toBe(true)

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(view.lines.filter((line) => line.text.startsWith('::debug::'))).toEqual([])
    expect(shownTextLines(view)).toContain(longLine)
    expectEveryLineOnceAndACleanCursor({ view, served, sim })
  })
})

describe('retry delays', () => {
  const RATE = 0.3
  const KINDS: FaultKind[] = ['http500', 'reset', 'http502']

  /**
   * A seed whose fault sequence fails the first read three times in a row, then only ever
   * fails single reads, the first of them soon after. The sequence is the simulator's own.
   */
  function seedWithBurstThenSingles(): number {
    for (let seed = 1; seed < 5000; seed++) {
      const injector = new FaultInjector({ rate: RATE, kinds: KINDS, seed })
      const fails = Array.from({ length: 30 }, () => injector.pick('log') !== null)
      if (!(fails[0] && fails[1] && fails[2] && !fails[3] && !fails[4])) continue
      const first = fails.indexOf(true, 4)
      if (first < 5 || first > 8) continue
      if (fails.slice(4).every((fail, i) => !fail || !fails[i + 5])) return seed
    }
    throw new Error('no seed gives the fault pattern this test needs')
  }

  it('come back down after a burst of failures: a later single failure is retried quickly', async () => {
    // About 1 KB in 100-byte answers: a dozen reads.
    const { text } = generateBuildLogWithSteps({ seed: 9, steps: 2, longLineBytes: 0 })
    const { sim, run, served } = await follow({
      log: text,
      finished: true,
      maxReadBytes: 100,
      faults: {
        ...FAULTS,
        rate: RATE,
        kinds: KINDS,
        routes: ['log'],
        seed: seedWithBurstThenSingles()
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(cursorViolations(sim.requests)).toEqual([])

    const reads = logReads(sim.requests)
    const gapAfter = (i: number) => reads[i + 1].atEpochMs - reads[i].atEpochMs
    // The burst: the first read fails three times, and each wait is longer than the last.
    expect(reads.slice(0, 4).map((r) => r.fault !== undefined)).toEqual([true, true, true, false])
    const burst = [gapAfter(0), gapAfter(1), gapAfter(2)]
    expect(burst[0]).toBeGreaterThanOrEqual(250)
    expect(burst[1]).toBeGreaterThanOrEqual(500)
    expect(burst[2]).toBeGreaterThanOrEqual(1000)

    // Later single failures: retried after a first-failure delay again, not a fourth one.
    const singles = reads
      .map((read, i) => ({ read, i }))
      .filter(({ read, i }) => i >= 4 && read.fault !== undefined)
    expect(singles.length).toBeGreaterThanOrEqual(1)
    for (const { i } of singles) {
      expect(reads[i + 1].fault).toBeUndefined()
      expect(gapAfter(i)).toBeGreaterThanOrEqual(250)
      expect(gapAfter(i)).toBeLessThan(1000)
      expect(gapAfter(i)).toBeLessThan(burst[2])
    }
  })
})
