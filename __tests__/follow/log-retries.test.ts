/**
 * Log reads retried with backoff, on the virtual-clock harness: what is retried and what is
 * not, stale answers, an ended build whose log cannot be read, error runs and the adaptive
 * read length.
 */
import { describe, expect, it } from '@jest/globals'
import { ApiError, classifyFailure } from '../../src/codearts/errors.js'
import {
  type BuildScript,
  setup,
  compact,
  sleeps,
  lines,
  FINISHED,
  POLL_MS,
  serverBusy
} from '../support/follow-harness.js'
import { MIN_JITTER_MS, THROTTLE_FACTOR } from '../../src/follow/pace.js'

/** The first log read is refused by a spent quota, with Retry-After 7 s; the rest answer. */
const refusedFirst = (call: number) =>
  call === 1
    ? classifyFailure('reading the log', 429, { errorCode: 'APIGW.0308' }, 7000)
    : undefined

describe('BuildFollower', () => {
  describe('failures', () => {
    it('retries transient failures with capped backoff, never moves the cursor on a failed read, and backs off from the start again after a success', async () => {
      const log = 'aaaa\nbbbb\ncccc\n' + FINISHED
      const { trace, listener, follower } = setup({
        pieces: [{ atMs: 0, text: log }],
        maxReadChars: 5,
        endsAtMs: 0,
        failRead: (call) =>
          (call >= 2 && call <= 6) || call === 8 || call === 9 ? serverBusy() : undefined
      })
      const outcome = await follower.follow()

      expect(compact(trace)).toBe(
        'S R x z100 x z200 x z400 x z800 x z1500 R x z100 x z200 R R R R R'
      )
      const attempts = trace.flatMap((event) => (event.kind === 'read' ? [event.offset] : []))
      expect(attempts).toEqual([
        '0',
        '5',
        '5',
        '5',
        '5',
        '5',
        '5',
        '10',
        '10',
        '10',
        '15',
        '20',
        '25',
        '30'
      ])
      expect(listener.content).toBe(log)
      expect(outcome.result).toBe('success')
      // Failures 3, 4 and 5 of a streak are worth a status line; the first two only a debug one.
      expect(listener.messages('CodeArts refused reading the log').map((s) => s.message)).toEqual([
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 0.4 s (failure 3 in a row).',
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 0.8 s (failure 4 in a row).',
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 1.5 s (failure 5 in a row).'
      ])
      expect(listener.debugs).toEqual(
        expect.arrayContaining([
          'Reading the log succeeded after 5 failed tries.',
          'Reading the log succeeded after 2 failed tries.'
        ])
      )
    })

    it.each([0, 0.5, 1])(
      'waits at least as long as a Retry-After asks, plus a random part (draw %d)',
      async (draw) => {
        const { trace, follower } = setup(
          {
            pieces: [
              { atMs: 0, text: lines(1) },
              { atMs: 60_000, text: FINISHED }
            ],
            endsAtMs: 60_000,
            failRead: refusedFirst
          },
          { random: () => draw }
        )
        await follower.follow()
        // The random part is as wide as the slowed pace's half interval, at least 1 s.
        const width = Math.max(MIN_JITTER_MS, (POLL_MS / 2) * THROTTLE_FACTOR)
        expect(sleeps(trace)[0]).toEqual(7000 + draw * width)
      }
    )

    it.each([0, 0.5, 1])(
      'with the end in sight, waits the Retry-After and a random part of 1 s only (draw %d)',
      async (draw) => {
        // The status call has said the build is over: one read is left, not a pace to keep.
        const { trace, follower } = setup(
          {
            pieces: [{ atMs: 0, text: FINISHED }],
            endsAtMs: 0,
            failRead: refusedFirst
          },
          { random: () => draw }
        )
        await follower.follow()
        expect(sleeps(trace)).toEqual([7000 + draw * MIN_JITTER_MS])
      }
    )

    it.each([
      [
        '401 on the status call',
        {
          failStatus: () =>
            classifyFailure('asking for the build status', 401, { errorCode: 'APIGW.0301' })
        }
      ],
      [
        '403 on the log',
        {
          failRead: () => classifyFailure('reading the log', 403, { errorCode: 'CB.00060403' })
        }
      ],
      [
        'an invalid job on the log',
        {
          failRead: () => classifyFailure('reading the log', 400, { errorCode: 'CB.00060201' })
        }
      ],
      ['a defect (TypeError)', { failRead: () => new TypeError('boom') }]
    ])('throws at once on %s', async (_, failures: Partial<BuildScript>) => {
      const thrown = (failures.failRead ?? failures.failStatus)?.(1, 0)
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failRead: failures.failRead && (() => thrown),
        failStatus: failures.failStatus && (() => thrown)
      })
      await expect(follower.follow()).rejects.toBe(thrown)
      // One call, no retry, no sleep.
      expect(compact(trace)).toBe(failures.failRead ? 'S x' : 'S')
    })
  })

  describe('resilience', () => {
    it('drops answers that start behind the cursor and keeps the cursor', async () => {
      const log = lines(20) + FINISHED
      const { listener, follower, trace } = setup({
        pieces: [{ atMs: 0, text: log }],
        maxReadChars: 16,
        endsAtMs: 0,
        staleRead: (call) => (call % 3 === 0 ? 10 : undefined)
      })
      await follower.follow()
      expect(listener.content).toBe(log)
      expect(listener.debugs.filter((d) => d.startsWith('Dropped a stale log answer'))).not.toEqual(
        []
      )
      const offsets = trace.flatMap((event) =>
        event.kind === 'read' ? [Number(event.offset)] : []
      )
      expect(offsets.every((offset, i) => i === 0 || offset >= offsets[i - 1])).toBe(true)
    })

    it('ends at once with the status result when the log of an ended build keeps failing with CB.00030004', async () => {
      const neverRan = classifyFailure('reading the log', 500, { errorCode: 'CB.00030004' })
      const { listener, follower } = setup({
        endsAtMs: 0,
        result: 'SCHEDULE_FAILURE',
        failRead: () => neverRan
      })
      const outcome = await follower.follow()
      expect(outcome).toMatchObject({ result: 'failure', serverResult: 'SCHEDULE_FAILURE' })
      expect(outcome.elapsedMs).toBeLessThan(1000)
      expect(
        listener.messages('The build is over (SCHEDULE_FAILURE) but its log cannot be read')
      ).toHaveLength(1)
    })

    it('warns once when the same error goes on for sameErrorWarnMs, and again after it changed', async () => {
      const other = classifyFailure('reading the log', 502, { errorMessage: 'bad gateway' })
      const { listener, follower } = setup(
        {
          pieces: [{ atMs: 0, text: FINISHED }],
          // Still building: an ended build whose log keeps failing would end at logSettleMs.
          endsAtMs: 60_000,
          failRead: (_call, now) => (now < 20_000 ? serverBusy() : now < 45_000 ? other : undefined)
        },
        { sameErrorWarnMs: 10_000 }
      )
      await follower.follow()
      const warned = listener.messages('Reading the log has failed with the same error')
      expect(warned.map((w) => w.message)).toEqual([
        expect.stringContaining('HTTP 503 APIGW.0201'),
        expect.stringContaining('HTTP 502')
      ])
      expect(warned[0].at).toBeGreaterThanOrEqual(10_000)
      expect(warned[0].at).toBeLessThan(12_000)
    })

    it('halves the read length after reads that time out, and doubles it back after successes', async () => {
      const slow = new ApiError({
        message: 'no answer in time',
        kind: 'transient',
        timedOut: true
      })
      const { build, follower } = setup(
        {
          pieces: [{ atMs: 0, text: lines(200) + FINISHED }],
          endsAtMs: 0,
          maxReadChars: 100,
          failRead: (call) => (call <= 3 ? slow : undefined)
        },
        { readLength: 1_000_000 }
      )
      await follower.follow()
      expect(build.lengths.slice(0, 6)).toEqual([
        1_000_000, 500_000, 250_000, 125_000, 250_000, 500_000
      ])
    })
  })
})
