/**
 * run() in process (on a clock whose waits are cut short) against a simulator that fails a
 * good part of its answers, with every kind of failure it can inject: the build's result, the
 * log file and the page must come out as if nothing had failed, and no failed read may move
 * the cursor. The retry delays themselves are checked on the virtual clock
 * (follow/log-retries.test.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { FAULT_KINDS } from '../../simulator/faults.js'
import type { FaultKind } from '../../simulator/faults.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import {
  alignRemoteLines,
  cursorViolations,
  RequestRecord,
  shownTextLines
} from '../support/follow-checks.js'
import { followInProcess as follow } from '../support/in-process-action.js'
import { closeSimulators, SimulatedRun } from '../support/simulated-run.js'

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
