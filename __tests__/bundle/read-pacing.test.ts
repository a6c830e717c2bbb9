/**
 * The pace of the log reads, as the simulator sees them over loopback: the committed bundle
 * follows a build whose log grows in pieces and then falls silent, from a server that says
 * `has_more_data: true` for as long as the build runs (as the CodeArts API does). The exact
 * read times are checked on the virtual clock (follow/read-pacing.test.ts); here, the counts
 * over a window, which only get lower on a busy machine.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { planLiveBuild } from '../../bench/live-log.js'
import { closeSimulators, follow } from '../support/simulated-run.js'

afterEach(closeSimulators)

const POLL_MS = 800
const SILENCE_MS = 9000

describe('read pacing over loopback', () => {
  it('spends the reads evenly while the log grows, one per poll interval while it is silent', async () => {
    const plan = planLiveBuild({
      pollMs: POLL_MS,
      pieces: 12,
      spanMs: 5000,
      firstAtMs: 500,
      seed: 7
    })
    const { sim, run, served } = await follow(
      {
        log: plan.log,
        schedule: plan.schedule,
        finishDelayMs: SILENCE_MS,
        hasMoreData: 'while-running'
      },
      { 'poll-interval': String(POLL_MS / 1000), timeout: '1' }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.equals(served)).toBe(true)

    const pieces = sim.pieceTimes(1)
    const firstPieceAt = pieces[0].atEpochMs
    const lastPieceAt = pieces[plan.schedule.length - 1].atEpochMs
    const endAt = sim.builds.get(1)?.endEpochMs ?? NaN
    const reads = sim.requests.filter((r) => r.route === 'log').map((r) => r.atEpochMs)
    const within = (from: number, to: number) => reads.filter((at) => at >= from && at < to)

    // While the log grows: a read every half interval at most. A read follows another at once
    // only on the server's word that more follows, and only until a read sent on that word
    // finds nothing behind it (a piece may land just before such a read on a busy machine, and
    // then the word stands); before, every read with new lines was followed by one at once.
    const live = within(firstPieceAt, lastPieceAt)
    const liveMs = lastPieceAt - firstPieceAt
    expect(live.length).toBeLessThanOrEqual(Math.ceil(liveMs / (POLL_MS / 2)) + 2)
    const liveReads = sim.requests.filter(
      (r) => r.route === 'log' && r.atEpochMs >= firstPieceAt && r.atEpochMs < lastPieceAt
    )
    const atOnce = liveReads
      .slice(1)
      .filter((read, i) => read.atEpochMs - liveReads[i].atEpochMs < POLL_MS / 4)
    const foundNothing = atOnce.filter((read) => (read.servedRange?.bytes ?? 0) === 0)
    expect(foundNothing.length).toBeLessThanOrEqual(1)
    const wordDisproved = foundNothing[0]?.atEpochMs ?? Infinity
    expect(atOnce.filter((read) => read.atEpochMs > wordDisproved)).toEqual([])

    // Silent from two intervals after the last piece (the live pace ends) to the build's end.
    const silentFrom = lastPieceAt + 2 * POLL_MS + 400
    const silent = within(silentFrom, endAt)
    const expected = (endAt - silentFrom) / POLL_MS
    expect(silent.length).toBeGreaterThanOrEqual(Math.floor(expected) - 1)
    expect(silent.length).toBeLessThanOrEqual(Math.ceil(expected) + 1)
    const silentGaps = silent.slice(1).map((at, i) => at - silent[i])
    expect(Math.min(...silentGaps)).toBeGreaterThan(POLL_MS * 0.9)

    // The build's end: the read that brought the Finished: line asked the status at once.
    const finishedRead = sim.requests.find(
      (r) => r.route === 'log' && r.atEpochMs >= endAt && (r.servedRange?.bytes ?? 0) > 0
    )
    const statusAfter = sim.requests.find(
      (r) => r.route === 'status' && r.atEpochMs >= (finishedRead?.atEpochMs ?? Infinity)
    )
    expect(statusAfter).toBeDefined()
    expect((statusAfter?.atEpochMs ?? Infinity) - (finishedRead?.atEpochMs ?? 0)).toBeLessThan(
      POLL_MS / 2
    )
  }, 30_000)
})
