/**
 * When the log reads go out, on the virtual-clock harness: straight through a finished log,
 * evenly over a log that grows at random moments, once per poll interval over a silent build,
 * and at once to the end of a build. Read times are exact here; the bundle test
 * (bundle/read-pacing.test.ts) checks the same over loopback HTTP.
 */
import { describe, expect, it } from '@jest/globals'
import { createRandom } from '../../simulator/random.js'
import { DEFAULT_STATUS_INTERVAL_MS } from '../../src/follow/follow-types.js'
import { SILENT_READ_GAP_MS } from '../../src/follow/pace.js'
import { FIRST_SILENT_PAUSES } from '../../src/follow/read-pacer.js'
import {
  type Piece,
  type TraceEvent,
  setup,
  compact,
  times,
  sleeps,
  lines,
  FINISHED
} from '../support/follow-harness.js'

/** The poll interval of the targets: 2 s. */
const POLL = 2000
const PACED = { pollIntervalMs: POLL, statusIntervalMs: DEFAULT_STATUS_INTERVAL_MS } as const

const reads = (trace: readonly TraceEvent[]) =>
  trace.filter((event): event is Extract<TraceEvent, { kind: 'read' }> => event.kind === 'read')

/** The waits a follower keeps between two reads while nothing is read on at once. */
const PACED_GAPS = new Set([POLL / 2, ...FIRST_SILENT_PAUSES.map((share) => share * POLL), POLL])

/** Time between each read and the next. */
function gaps(at: readonly number[]): number[] {
  return at.slice(1).map((time, i) => time - at[i])
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** For each piece, from the moment it is readable to the read that brought its last character. */
function lags(trace: readonly TraceEvent[], pieces: readonly Piece[]): number[] {
  let end = 0
  return pieces.map((piece) => {
    end += piece.text.length
    const taken = reads(trace).find(
      (read) => read.chars !== undefined && Number(read.offset) + read.chars >= end
    )
    return (taken?.at ?? Infinity) - piece.atMs
  })
}

/** `count` pieces of one to four lines at random moments over `spanMs`, from 3 s on. */
function randomPieces(seed: number, count: number, spanMs: number): Piece[] {
  const random = createRandom(seed)
  return Array.from({ length: count }, () => 3000 + Math.round(random() * spanMs))
    .sort((a, b) => a - b)
    .map((atMs, i) => ({ atMs, text: lines(1 + Math.floor(random() * 4), `piece ${i}`) }))
}

describe('read pacing', () => {
  describe('a finished log', () => {
    it.each([
      ['has_more_data false once caught up', false],
      ['has_more_data true while the build runs', true]
    ])('is read straight through, one full answer after another (%s)', async (_, more) => {
      const log = lines(400) + FINISHED
      const { trace, listener, follower } = setup(
        { pieces: [{ atMs: 0, text: log }], endsAtMs: 0, moreWhileRunning: more },
        { ...PACED, readLength: 500 }
      )
      const outcome = await follower.follow()
      expect(listener.content).toBe(log)
      expect(outcome).toMatchObject({ result: 'success', elapsedMs: 0 })
      expect(sleeps(trace)).toEqual([])
      expect(reads(trace)).toHaveLength(Math.ceil(log.length / 500))
    })

    it('is read straight through while the build runs: full answers need no word of the server', async () => {
      // A long backlog of a running build, from a server that says more for as long as the
      // build runs: only the size of an answer tells that more is waiting.
      const backlog = lines(400)
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: backlog },
            { atMs: 9000, text: FINISHED }
          ],
          endsAtMs: 9000,
          moreWhileRunning: true
        },
        { ...PACED, readLength: 500 }
      )
      await follower.follow()
      const backlogReads = Math.ceil(backlog.length / 500)
      // Full answers, one right after the other; the first wait is after the backlog.
      expect(times(trace, 'read').slice(0, backlogReads)).toEqual(Array(backlogReads).fill(0))
      expect(sleeps(trace)[0]).toBeLessThanOrEqual(POLL)
    })

    it('is read straight through in answers the server cuts short, on its word that more follows', async () => {
      const log = lines(100) + FINISHED
      const { trace, follower } = setup(
        { pieces: [{ atMs: 0, text: log }], endsAtMs: 0, maxReadChars: 64 },
        { ...PACED, readLength: 10_000 }
      )
      await follower.follow()
      expect(sleeps(trace)).toEqual([])
      expect(reads(trace)).toHaveLength(Math.ceil(log.length / 64))
    })
  })

  describe('a log growing at random moments', () => {
    /** Follows a build that writes `pieces`, then ends `endsAfterMs` after the last; its trace. */
    async function followGrowingLog(pieces: Piece[], endsAfterMs: number, more = false) {
      const endsAtMs = pieces[pieces.length - 1].atMs + endsAfterMs
      const { trace, listener, follower, build } = setup(
        {
          pieces: [...pieces, { atMs: endsAtMs, text: FINISHED }],
          endsAtMs,
          moreWhileRunning: more
        },
        PACED
      )
      await follower.follow()
      expect(listener.content).toBe(build.wholeLog)
      return trace
    }

    // 40 pieces over 60 s: a new piece every 1.5 s on average, at moments nobody can predict.
    /** Follows one such build; its trace and pieces. */
    async function followRandomPieces(seed: number, more: boolean) {
      const pieces = randomPieces(seed, 40, 60_000)
      return { trace: await followGrowingLog(pieces, 30_000, more), pieces }
    }

    it.each([
      [11, false],
      [12, true],
      [13, false],
      [14, true]
    ])(
      'seed %i (has_more_data true while running: %s): no read right after another, at most one a second',
      async (seed, more) => {
        const { trace, pieces } = await followRandomPieces(seed, more)
        const live = reads(trace).filter(
          (read) => read.at >= pieces[0].atMs && read.at <= pieces[pieces.length - 1].atMs
        )
        const liveSeconds = (pieces[pieces.length - 1].atMs - pieces[0].atMs) / 1000
        expect(live.length / liveSeconds).toBeLessThanOrEqual(1.0)
        // Half an interval after new lines, one on average once quiet: never two reads at once.
        // The server that says more data waits while the build runs said so on the empty
        // answers before the first piece: no read is sent at once on that word to learn it.
        const liveGaps = gaps(live.map((read) => read.at))
        const atOnce = liveGaps.filter((gap) => gap === 0).length
        expect(atOnce).toBe(0)
        expect(reads(trace)[0].at).toBeLessThan(pieces[0].atMs)
        for (const gap of liveGaps) expect(PACED_GAPS).toContain(gap)
        expect(liveGaps).toContain(POLL / 2)
        expect(liveGaps).toContain(FIRST_SILENT_PAUSES[0] * POLL)
      }
    )

    it('keeps the median lag at most 0.7 s over eight such builds', async () => {
      // Pieces 1.5 s apart on average: a read often finds none, and the next then waits 0.8 of
      // an interval (silence is cheap from its start). One build's 40 pieces give a median
      // anywhere from 0.45 to 0.8 s; all eight together, the pace's own.
      const all: number[] = []
      for (let seed = 11; seed <= 18; seed++) {
        const { trace, pieces } = await followRandomPieces(seed, seed % 2 === 0)
        all.push(...lags(trace, pieces))
      }
      expect(median(all)).toBeLessThanOrEqual(700)
    })

    it('pieces about a second apart: median lag at most 0.55 s over twelve builds at spread phases of the reads, at most one read a second', async () => {
      // A piece every second, give or take 0.4 s: about the half interval apart, so the read
      // half an interval after new lines often comes just before the next piece. A whole
      // interval after that empty read would put such pieces a second late: 0.554 s over these
      // builds, some single builds' medians 0.75 s (0.514 s and 0.74 s at most with 0.8).
      const all: number[] = []
      for (const seed of [21, 22, 23]) {
        const random = createRandom(seed)
        const jittered = Array.from(
          { length: 45 },
          (_, i) => 3000 + i * 1000 + Math.round((random() - 0.5) * 800)
        )
        for (const phaseMs of [0, 250, 500, 750]) {
          const pieces = jittered.map((atMs, i) => ({
            atMs: atMs + phaseMs,
            text: lines(2, `p${i}`)
          }))
          const trace = await followGrowingLog(pieces, 5000)
          const live = times(trace, 'read').filter(
            (at) => at >= pieces[0].atMs && at <= pieces[pieces.length - 1].atMs
          )
          const liveSeconds = (live[live.length - 1] - live[0]) / 1000
          expect((live.length - 1) / liveSeconds).toBeLessThanOrEqual(1.0)
          all.push(...lags(trace, pieces))
        }
      }
      expect(median(all)).toBeLessThanOrEqual(550)
    })

    it('a build writing more than a guessed server cap between reads keeps the half-interval pace', async () => {
      // 40 KB a second, from a server that says more waits while the build runs (its word is
      // known worthless from the empty answers before the first lines): the first answer
      // looks full of a cap, the read sent at once on that guess finds nothing, the guess is
      // dropped, and that empty answer is no silence: the half interval follows it.
      const pieces = Array.from({ length: 20 }, (_, i) => ({
        atMs: 500 + i * 1000,
        text: `${'x'.repeat(99)}\n`.repeat(400)
      }))
      const trace = await followGrowingLog(pieces, 30_000 - pieces[pieces.length - 1].atMs, true)
      const live = times(trace, 'read').filter((at) => at >= 500 && at < 20_000)
      const liveGaps = gaps(live)
      expect(liveGaps.filter((gap) => gap === 0)).toHaveLength(1)
      expect(Math.max(...liveGaps)).toBe(POLL / 2)
      expect(median(lags(trace, pieces))).toBeLessThanOrEqual(POLL / 2)
    })

    it('pays back a read sent on has_more_data that found nothing with the first silent wait', async () => {
      // The log already holds lines at the first read, and the server says more waits: the
      // follower reads on at once on that word, finds nothing, and owes that read. The lines
      // keep the half interval; the first silent wait is half an interval longer.
      const pieces = Array.from({ length: 6 }, (_, i) => ({ atMs: i * 1000, text: `t${i}\n` }))
      const trace = await followGrowingLog(pieces, 15_000, true)
      const readsAt = times(trace, 'read')
      expect(readsAt.slice(0, 2)).toEqual([0, 0]) // the read on the word
      expect(readsAt.filter((at) => at > 0 && at < 14_000)).toEqual([
        1000,
        2000,
        3000,
        4000,
        5000,
        5000 + POLL / 2,
        5000 + POLL / 2 + (FIRST_SILENT_PAUSES[0] + 0.5) * POLL,
        5000 + POLL / 2 + (FIRST_SILENT_PAUSES[0] + 0.5 + FIRST_SILENT_PAUSES[1]) * POLL,
        5000 + POLL / 2 + (FIRST_SILENT_PAUSES[0] + 0.5 + FIRST_SILENT_PAUSES[1] + 1) * POLL
      ])
    })

    it('keeps the cadence from read to read however long the answers take to arrive', async () => {
      // Answers arriving 300 ms after their read: the pauses shorten by as much, so a read
      // still goes out half an interval after the one before it with new lines, and 0.8, 1.2,
      // then a whole one after the one before it in silence.
      const { trace, follower } = setup(
        {
          pieces: [
            ...Array.from({ length: 8 }, (_, i) => ({ atMs: 200 + i * 800, text: `t${i}\n` })),
            { atMs: 20_000, text: FINISHED }
          ],
          endsAtMs: 20_000,
          answerTakesMs: 300
        },
        PACED
      )
      await follower.follow()
      const readsAt = times(trace, 'read').filter((at) => at > 0 && at < 20_000)
      const readGaps = gaps(readsAt)
      expect(new Set(readGaps)).toEqual(PACED_GAPS)
      expect(readGaps.filter((gap) => gap === POLL).length).toBeGreaterThanOrEqual(4) // the silence
    })

    it('after each read with new lines the next comes half an interval later; 0.8, 1.2 and whole intervals come back at the first empty one', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 1200, text: 'b\n' },
            { atMs: 10_000, text: FINISHED }
          ],
          endsAtMs: 10_000
        },
        PACED
      )
      await follower.follow()
      // b, written 200 ms after the first empty read, is read 1.4 s after it, not 1.8 s.
      expect(times(trace, 'read').filter((at) => at < 10_000)).toEqual([
        0, 1000, 2600, 3600, 5200, 7600, 9600
      ])
      // (z: a sleep of 1000 ms, half this poll interval)
      expect(compact(trace).startsWith('S R z r z1600 R z r z1600 r z2400 r z2000 r')).toBe(true)
    })
  })

  describe('a silent running build', () => {
    it('costs one read per poll interval in its first silent minute, then at most six requests a minute', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'started\n' },
            { atMs: 180_000, text: FINISHED }
          ],
          endsAtMs: 180_000
        },
        PACED
      )
      await follower.follow()
      // The first minute of silence: one read per poll interval, from the first empty read
      // (the first two waits 0.8 and 1.2 of one, then whole ones): 30, and 10 in any 20 s.
      const firstMinute = times(trace, 'read').filter((at) => at >= POLL / 2 && at < 60_000)
      expect(firstMinute[0]).toBe(POLL / 2)
      expect(firstMinute).toHaveLength(30)
      for (const from of firstMinute)
        expect(
          firstMinute.filter((at) => at >= from && at < from + 20_000).length
        ).toBeLessThanOrEqual(10)
      expect(gaps(firstMinute).slice(2)).toEqual(Array(27).fill(POLL))
      const firstStatus = times(trace, 'status').filter((at) => at > 0 && at < 60_000)
      expect(firstStatus.length).toBeLessThanOrEqual(6)
      // From then on, reads and status calls together: at most six in any minute.
      const requests = trace
        .filter((event) => event.kind !== 'sleep' && event.at >= 60_000 && event.at < 180_000)
        .map((event) => event.at)
      for (const from of requests) {
        const inMinute = requests.filter((at) => at >= from && at < from + 60_000)
        expect(inMinute.length).toBeLessThanOrEqual(6)
      }
      expect(requests.length).toBeGreaterThanOrEqual(8)
    })

    it('keeps the stretched gap from each answer, not from each sending, whatever answers take', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'started\n' },
            { atMs: 180_000, text: FINISHED }
          ],
          endsAtMs: 180_000,
          answerTakesMs: 300
        },
        PACED
      )
      await follower.follow()
      const stretched = times(trace, 'read').filter((at) => at >= 70_000 && at < 180_000)
      expect(stretched.length).toBeGreaterThanOrEqual(4)
      for (const gap of gaps(stretched))
        expect(gap).toBeGreaterThanOrEqual(SILENT_READ_GAP_MS + 300)
    })

    it('that never logs a line is read once per poll interval from the start', async () => {
      const { trace, follower } = setup(
        { pieces: [{ atMs: 30_000, text: FINISHED }], endsAtMs: 30_000 },
        PACED
      )
      await follower.follow()
      const quiet = times(trace, 'read').filter((at) => at < 30_000)
      expect(quiet).toEqual(Array.from({ length: 15 }, (_, i) => i * POLL))
    })

    it('comes back to the live pace at once when content appears after a stretched silence', async () => {
      const burst = Array.from({ length: 10 }, (_, i) => ({
        atMs: 100_000 + i * 700,
        text: `x ${i}\n`
      }))
      const { trace, follower } = setup(
        {
          pieces: [{ atMs: 0, text: 'started\n' }, ...burst, { atMs: 120_000, text: FINISHED }],
          endsAtMs: 120_000
        },
        PACED
      )
      await follower.follow()
      const all = reads(trace)
      const first = all.find((read) => (read.chars ?? 0) > 0 && read.at >= 100_000)
      const firstAt = first?.at ?? Infinity
      // Found within the stretched read gap, then half an interval apart while lines flow.
      expect(firstAt).toBeLessThanOrEqual(100_000 + SILENT_READ_GAP_MS)
      const next = all.filter((read) => read.at > firstAt).slice(0, 3)
      expect(next[0].at - firstAt).toBe(POLL / 2)
      for (const gap of gaps([firstAt, ...next.map((read) => read.at)])) {
        expect(gap).toBeLessThanOrEqual(POLL)
      }
    })
  })

  describe('the end of a build', () => {
    it.each([800, 1300, 2700, 3900])(
      'ending %i ms after its last lines is seen at the next read, confirmed by the status call at once',
      async (afterMs) => {
        const endsAtMs = 10_000 + afterMs
        const { trace, follower } = setup(
          {
            pieces: [
              { atMs: 0, text: 'started\n' },
              { atMs: 10_000, text: 'last lines\n' },
              { atMs: endsAtMs, text: FINISHED }
            ],
            endsAtMs,
            moreWhileRunning: true
          },
          PACED
        )
        const outcome = await follower.follow()
        // Reads stay at the half-interval pace for two intervals after the last new lines.
        const waitedMs = outcome.elapsedMs - endsAtMs
        expect(waitedMs).toBeGreaterThanOrEqual(0)
        // Half an interval after the last lines, then the longest silent wait at most.
        const longestWait = Math.max(...FIRST_SILENT_PAUSES, 1) * POLL
        expect(waitedMs).toBeLessThanOrEqual(afterMs < POLL / 2 ? POLL / 2 : longestWait)
        // The read that saw the Finished: line asked the status at once, not at its next tick.
        const finishedRead = reads(trace).find((read) => read.at >= endsAtMs)
        expect(times(trace, 'status')).toContain(finishedRead?.at)
        expect(outcome).toMatchObject({ result: 'success', resultSource: 'status' })
      }
    )

    it('after the Finished: line, reads once per poll interval until the status call agrees', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 6000, text: FINISHED }
          ],
          endsAtMs: 10_000
        },
        { ...PACED, finishedLinePatienceMs: 60_000 }
      )
      const outcome = await follower.follow()
      // Nothing more is written after that line: only the status call's word is awaited. (The
      // reads fall on odd seconds: half an interval after the first line, then whole ones.)
      expect(times(trace, 'read').filter((at) => at >= 6000)).toEqual([7000, 9000, 11_000, 11_000])
      expect(times(trace, 'status').filter((at) => at >= 6000)).toEqual([7000, 9000, 11_000])
      expect(outcome.elapsedMs).toBe(11_000)
    })
  })
})
