/**
 * The follower's read loop and end rule, exactly, on the virtual-clock harness: reading the
 * log, when the build is over, timeout and cancel, and the tail read after a stop.
 */
import { describe, expect, it } from '@jest/globals'
import { formatDuration } from '../../src/text/duration.js'
import {
  type TraceEvent,
  type BuildScript,
  POLL_MS,
  setup,
  compact,
  times,
  sleeps,
  lines,
  FINISHED,
  serverBusy,
  notYet
} from '../support/follow-harness.js'

describe('BuildFollower', () => {
  describe('reading the log', () => {
    it('reads again at once while has_more_data is true, half a poll interval after new lines, and one poll interval once a read comes back empty', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: 'x'.repeat(99) + '\n' },
          { atMs: 3000, text: FINISHED }
        ],
        maxReadChars: 10,
        endsAtMs: 3000
      })
      const outcome = await follower.follow()

      // Ten reads drain the first 100 characters back to back; after those new lines the next
      // read comes half a poll interval later; it is empty, so silence has begun: 0.8, 1.2 and
      // whole poll intervals until the last 18 characters come, in two reads of at most 10.
      expect(compact(trace)).toBe('S R R R R R R R R R R z500 r z800 r z1200 r z R R S r')
      expect(sleeps(trace)).toEqual([POLL_MS / 2, 0.8 * POLL_MS, 1.2 * POLL_MS, POLL_MS])
      expect(listener.content).toBe(build.wholeLog)
      expect(outcome).toEqual({
        result: 'success',
        serverResult: 'SUCCESS',
        resultSource: 'status',
        elapsedMs: 3500
      })
    })

    it('sends back the cursor of the last answer on each read', async () => {
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: lines(3) + FINISHED }],
        maxReadChars: 7,
        endsAtMs: 0
      })
      await follower.follow()
      const offsets = trace.flatMap((event) => (event.kind === 'read' ? [event.offset] : []))
      expect(offsets).toEqual(['0', '7', '14', '21', '28', '35'])
    })

    it('never ends on has_more_data: false while the build runs', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: lines(2, 'first') },
          { atMs: 10_000, text: lines(2, 'second') },
          { atMs: 20_000, text: lines(2, 'third') },
          { atMs: 30_000, text: FINISHED }
        ],
        endsAtMs: 30_000
      })
      const outcome = await follower.follow()

      const caughtUpWhileBuilding = trace.filter(
        (event) => event.kind === 'read' && event.at < 30_000
      )
      expect(caughtUpWhileBuilding.length).toBeGreaterThan(25)
      // Reads come on the half second once the first lines are read (half a poll later).
      expect(outcome.elapsedMs).toBe(30_500)
      expect(outcome.result).toBe('success')
      expect(listener.content).toBe(build.wholeLog)
    })

    it('keeps going when the log shows Finished: but the status still says building', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 4500, text: FINISHED }
          ],
          endsAtMs: 8000
        },
        { statusIntervalMs: 60_000 }
      )
      const outcome = await follower.follow()
      // The read that shows the line asks at once; every poll after it asks again, so the end
      // is seen within one poll.
      expect(times(trace, 'status')).toEqual([0, 4500, 5500, 6500, 7500, 8500])
      expect(outcome.elapsedMs).toBe(8500)
    })
  })

  describe('the end of the build', () => {
    it('needs a caught-up read that started after the status said over', async () => {
      const tail = 'last words\n' + FINISHED
      const { trace, listener, follower, build } = setup({
        pieces: [{ atMs: 0, text: 'first words\n' }],
        endsAtMs: 10_000,
        // The log lags the status: its last lines become readable as the status says over.
        afterStatus: (info, scripted) => {
          if (!info.building) scripted.reveal(tail)
        }
      })
      const outcome = await follower.follow()

      const statusOver = trace.find((event) => event.kind === 'status' && !event.building)
      expect(statusOver?.at).toBe(10_500)
      const after = trace.slice(trace.indexOf(statusOver as TraceEvent) + 1)
      expect(compact(after)).toBe('R')
      expect(listener.content).toBe(build.wholeLog)
      expect(listener.content.endsWith(tail)).toBe(true)
      expect(outcome).toMatchObject({ result: 'success', resultSource: 'status' })
    })

    it('waits for log text that arrives some polls after the status said over', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: 'first words\n' },
          { atMs: 12_500, text: 'late words\n' + FINISHED }
        ],
        endsAtMs: 10_000,
        result: 'FAILURE'
      })
      const outcome = await follower.follow()
      expect(listener.content).toBe(build.wholeLog)
      expect(times(trace, 'status')).toEqual([0, 5500, 10_500])
      // The log ends "Finished: SUCCESS" while the status says FAILURE: said, and failed.
      expect(outcome).toEqual({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'status',
        elapsedMs: 12_500,
        note: 'the build status says FAILURE but its log says "Finished: SUCCESS"; a contradiction fails the step'
      })
    })

    it('ends logSettleMs after the status said over when the log never shows Finished:', async () => {
      const { listener, follower } = setup(
        { pieces: [{ atMs: 0, text: 'no end line\n' }], endsAtMs: 3000, result: 'SUCCESS' },
        { statusIntervalMs: 1000, logSettleMs: 15_000 }
      )
      const outcome = await follower.follow()
      expect(outcome).toEqual({
        result: 'success',
        serverResult: 'SUCCESS',
        resultSource: 'status',
        elapsedMs: 18_500
      })
      expect(listener.messages('The build is over but its log has no "Finished:" line')).toEqual([
        { at: 18_500, message: expect.any(String) }
      ])
    })

    it('takes the word of the Finished: line when the status says over without a result', async () => {
      const { follower } = setup({
        pieces: [
          { atMs: 0, text: 'a\n' },
          { atMs: 2000, text: 'Finished: FAILURE\n' }
        ],
        endsAtMs: 2000,
        result: ''
      })
      expect(await follower.follow()).toEqual({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'log',
        elapsedMs: 2500
      })
    })

    it('ends at once for a build that is already over', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [{ atMs: 0, text: lines(5) + 'Finished: ABORTED\n' }],
        endsAtMs: 0,
        result: 'ABORTED'
      })
      const outcome = await follower.follow()
      expect(compact(trace)).toBe('S R')
      expect(listener.content).toBe(build.wholeLog)
      expect(outcome).toMatchObject({ result: 'aborted', serverResult: 'ABORTED', elapsedMs: 0 })
    })
  })

  describe('timeout and cancel', () => {
    // The deadline is a real timer: these clocks also wait a little real time on every sleep.
    it.each([
      ['a quiet running build', {} as Partial<BuildScript>],
      ['a server that keeps failing', { failRead: () => serverBusy() }],
      ['a build that never appears', { failStatus: () => notYet('asking for the build status') }]
    ])('ends with timeout once timeoutMs has passed, on %s', async (_, failures) => {
      const { follower } = setup(
        { pieces: [{ atMs: 0, text: 'a\n' }], ...failures },
        { timeoutMs: 150 },
        2
      )
      const startedAt = Date.now()
      const outcome = await follower.follow()
      const realMs = Date.now() - startedAt
      expect(outcome.result).toBe('timeout')
      expect(outcome.note).toMatch(/timeout/)
      expect(outcome.note).toContain(formatDuration(150))
      expect(realMs).toBeGreaterThanOrEqual(140)
      expect(realMs).toBeLessThan(3000)
    })

    it('ends with timeout during a read that does not answer', async () => {
      const { follower } = setup({ hangReads: true }, { timeoutMs: 100 })
      const outcome = await follower.follow()
      expect(outcome.result).toBe('timeout')
    })

    it('ends with cancelled when the cancel signal aborts between polls', async () => {
      const cancel = new AbortController()
      const { trace, follower } = setup(
        {
          pieces: [{ atMs: 0, text: 'a\n' }],
          afterRead: (call) => {
            if (call === 3) cancel.abort(new Error('received SIGINT'))
          }
        },
        { cancelSignal: cancel.signal }
      )
      const outcome = await follower.follow()
      // Half a poll interval after the first line, then 0.8 of one: the third read at 1300 ms.
      expect(outcome).toEqual({
        result: 'cancelled',
        elapsedMs: 1300,
        note: 'the workflow was cancelled'
      })
      expect(trace.filter((event) => event.kind === 'read')).toHaveLength(3)
    })

    it('ends with cancelled during a read that does not answer', async () => {
      const { follower, cancel } = setup({ hangReads: true })
      setTimeout(() => cancel.abort(new Error('received SIGINT')), 20)
      const outcome = await follower.follow()
      expect(outcome.result).toBe('cancelled')
    })

    it('makes no call at all when cancelled before it starts', async () => {
      const { trace, follower, cancel } = setup({ pieces: [{ atMs: 0, text: 'a\n' }] })
      cancel.abort(new Error('received SIGINT'))
      const outcome = await follower.follow()
      expect(outcome.result).toBe('cancelled')
      expect(trace).toEqual([])
    })

    it('prefers cancelled over timeout when both happened', async () => {
      // A read that outlasts both the deadline (30 ms) and the cancel (60 ms).
      const { follower, cancel } = setup(
        { pieces: [{ atMs: 0, text: 'a\n' }], deafReadMs: 120 },
        { timeoutMs: 30 }
      )
      setTimeout(() => cancel.abort(new Error('received SIGINT')), 60)
      const outcome = await follower.follow()
      expect(outcome).toMatchObject({ result: 'cancelled', note: 'the workflow was cancelled' })
    })
  })

  describe('followTail', () => {
    it('goes on from the cursor where the follow stopped and reads until the Finished: line', async () => {
      const cancel = new AbortController()
      const { trace, clock, listener, follower, build } = setup(
        {
          pieces: [
            { atMs: 0, text: 'before the cancel\n' },
            { atMs: 1500, text: 'while stopping\n' },
            { atMs: 2600, text: 'Finished: ABORTED\n' }
          ],
          afterRead: (call) => {
            if (call === 1) cancel.abort(new Error('received SIGINT'))
          }
        },
        { cancelSignal: cancel.signal }
      )
      expect((await follower.follow()).result).toBe('cancelled')
      const readsBefore = trace.filter((event) => event.kind === 'read').length

      await follower.followTail(10_000, new AbortController().signal)
      expect(listener.content).toBe(build.wholeLog)
      expect(clock.now()).toBe(2750) // the first 250 ms step at or after 2600
      const tailReads = trace.filter((event) => event.kind === 'read').slice(readsBefore)
      expect(tailReads[0]).toMatchObject({ offset: String('before the cancel\n'.length) })
      expect(new Set(sleeps(trace).slice(-5))).toEqual(new Set([250]))
    })

    it('stops at its limit when no Finished: line comes, and survives failed reads', async () => {
      const { clock, listener, follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failRead: (call) => (call % 2 === 0 ? serverBusy() : undefined)
      })
      await follower.followTail(3100, new AbortController().signal)
      expect(clock.now()).toBe(3100)
      expect(listener.content).toBe('a\n')
      expect(
        listener.debugs.some((message) => message.startsWith('Reading the end of the log failed'))
      ).toBe(true)
    })

    it('reads nothing when its signal is already aborted', async () => {
      const { trace, follower } = setup({ pieces: [{ atMs: 0, text: 'a\n' }] })
      const signal = AbortSignal.abort(new Error('received SIGTERM'))
      await follower.followTail(5000, signal)
      expect(trace).toEqual([])
    })
  })

  describe('resilience', () => {
    it.each([
      // A contradiction fails the step, whichever source says success.
      ['SUCCESS', 'Finished: FAILURE\n', 'failure', 'FAILURE', 'log'],
      ['FAILED', 'Finished: SUCCESS\n', 'failure', 'FAILED', 'status'],
      ['ABORTED', 'Finished: FAILURE\n', 'aborted', 'ABORTED', 'status'],
      ['WEIRD', 'Finished: FAILURE\n', 'failure', 'FAILURE', 'log'],
      ['WEIRD', 'no end line\n', 'failure', 'WEIRD', 'status']
    ])(
      'status %j and log %j: the result is %s (%s, from the %s)',
      async (result, tail, expected, word, source) => {
        const { follower } = setup(
          { pieces: [{ atMs: 0, text: tail }], endsAtMs: 0, result },
          { logSettleMs: 1000 }
        )
        expect(await follower.follow()).toMatchObject({
          result: expected,
          serverResult: word,
          resultSource: source
        })
      }
    )
  })
})
