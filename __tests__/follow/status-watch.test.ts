/**
 * The status call beside the reads, on the virtual-clock harness: its pace, its trouble told
 * once, and that it never holds the log back.
 */
import { describe, expect, it } from '@jest/globals'
import { classifyFailure } from '../../src/codearts/errors.js'
import { realClock } from '../../src/follow/clock.js'
import type { BuildApi } from '../../src/follow/follow-types.js'
import { SharedPace } from '../../src/follow/pace.js'
import { StatusWatch } from '../../src/follow/status-watch.js'
import {
  BASE_OPTIONS,
  setup,
  compact,
  times,
  lines,
  FINISHED,
  statusUnpublished,
  statusForbidden,
  serverBusy
} from '../support/follow-harness.js'

describe('StatusWatch', () => {
  function watch(endsAtMs: number) {
    const { build, clock, listener } = setup({ endsAtMs })
    const status = new StatusWatch({
      api: build,
      options: { ...BASE_OPTIONS, cancelSignal: new AbortController().signal, clock },
      listener,
      clock,
      random: () => 1,
      backoff: BASE_OPTIONS.backoff,
      signal: new AbortController().signal,
      warn: () => undefined,
      onFatal: () => undefined,
      pace: new SharedPace(clock, BASE_OPTIONS.pollIntervalMs, () => 1)
    })
    return { status, clock }
  }

  it('endAnswer settles with every call: false while the build runs, true once it is over', async () => {
    const { status, clock } = watch(5000)
    expect(status.endAnswer).toBeUndefined() // no call on its way
    const running = status.poll()
    const first = status.endAnswer
    await running
    await expect(first).resolves.toBe(false)
    clock.nowMs = 5000
    const over = status.poll()
    const second = status.endAnswer
    await over
    await expect(second).resolves.toBe(true)
    expect(status.ended).toEqual({ serverResult: 'SUCCESS', observedAt: 5000 })
  })
})

describe('StatusWatch while slowed', () => {
  it('keeps the read after a call apart from it even when the call says over', async () => {
    // A real clock and a call that takes 40 ms to answer: the answer comes during the second
    // half of the pause, which must not end on it (the drain read would go right after it).
    // Slowed on a 10 ms pace, so its throttled wait is over 50 ms later.
    const pace = new SharedPace(realClock, 10, () => 0)
    pace.succeeded()
    pace.throttled({})
    await realClock.sleep(50)
    expect(pace.slowed).toBe(true)
    const api = {
      getBuildInfo: async () => {
        await realClock.sleep(40)
        return { building: false, buildResult: 'SUCCESS' }
      }
    } as unknown as BuildApi
    const { listener } = setup({})
    const status = new StatusWatch({
      api,
      options: { ...BASE_OPTIONS, cancelSignal: new AbortController().signal, clock: realClock },
      listener,
      clock: realClock,
      random: () => 0,
      backoff: BASE_OPTIONS.backoff,
      signal: new AbortController().signal,
      warn: () => undefined,
      onFatal: () => undefined,
      pace
    })
    await status.askSoon(true)
    const started = Date.now()
    await status.pause(300)
    expect(status.ended).toMatchObject({ serverResult: 'SUCCESS' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })
})

describe('BuildFollower', () => {
  describe('status calls', () => {
    it.each([
      // poll, status interval, least spacing of status calls while the log is quiet
      [1000, 5000, 5000],
      [3000, 1000, 3000],
      [2000, 2000, 2000],
      [500, 1750, 1750]
    ])(
      'with a poll of %i ms and a status interval of %i ms, asks every %i ms while quiet, at the first read after it',
      async (pollIntervalMs, statusIntervalMs, spacingMs) => {
        const endsAtMs = 30_000
        const { trace, follower } = setup(
          {
            pieces: [
              { atMs: 0, text: 'quiet\n' },
              { atMs: endsAtMs, text: FINISHED }
            ],
            endsAtMs
          },
          { pollIntervalMs, statusIntervalMs }
        )
        await follower.follow()
        const quiet = times(trace, 'status').filter((at) => at < endsAtMs)
        const gaps = quiet.slice(1).map((at, i) => at - quiet[i])
        expect(gaps.length).toBeGreaterThan(3)
        // Asked after a read that found the log caught up: the interval, up to the next read.
        for (const gap of gaps) {
          expect(gap).toBeGreaterThanOrEqual(spacingMs)
          expect(gap).toBeLessThan(spacingMs + pollIntervalMs)
        }
        expect(gaps.filter((gap) => gap === spacingMs).length).toBeGreaterThan(0)
      }
    )

    it('asks at once when the Finished: line appears', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 4500, text: FINISHED }
          ],
          endsAtMs: 4000
        },
        { statusIntervalMs: 60_000 }
      )
      const outcome = await follower.follow()
      // Half an interval after the first line, then 0.8, 1.2 and whole intervals once one came
      // back empty.
      expect(compact(trace)).toBe('S R z500 r z800 r z1200 r z r z R S r')
      expect(times(trace, 'status')).toEqual([0, 4500])
      expect(outcome.elapsedMs).toBe(4500)
    })

    it('asks at once when the last line reads Finished: with a word it does not know, and no newline yet', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 4500, text: 'Finished: UNSTABLE' }
          ],
          endsAtMs: 4000,
          result: 'UNSTABLE'
        },
        { statusIntervalMs: 60_000 }
      )
      const outcome = await follower.follow()
      // Only the status call can tell that the line is whole: asked on the read that saw it.
      expect(times(trace, 'status')).toEqual([0, 4500])
      expect(outcome.serverResult).toBe('UNSTABLE')
      expect(outcome.elapsedMs).toBe(4500)
    })

    it.each([
      ['route-missing (404 APIGW.0101)', statusUnpublished, 'HTTP 404 APIGW.0101'],
      ['403', statusForbidden, 'HTTP 403 CB.00060403']
    ])(
      'falls back to the Finished: line when the status call answers %s',
      async (_, failure, answer) => {
        const { trace, listener, follower } = setup({
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 3000, text: 'Finished: FAILURE\n' }
          ],
          endsAtMs: 0, // the status would say over at once, were it asked successfully
          failStatus: () => failure()
        })
        const outcome = await follower.follow()
        expect(times(trace, 'status')).toEqual([0])
        expect(listener.messages('The build status call is not available')).toEqual([
          { at: 0, message: expect.stringContaining(`(${answer})`) }
        ])
        expect(outcome).toEqual({
          result: 'failure',
          serverResult: 'FAILURE',
          resultSource: 'log',
          elapsedMs: 3500
        })
      }
    )
  })

  describe('failures', () => {
    it('never holds the log back for a failing status call: the Finished: line ends the follow', async () => {
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: FINISHED }],
        endsAtMs: 0,
        failStatus: (call) => (call <= 2 ? serverBusy() : undefined)
      })
      const outcome = await follower.follow()
      expect(compact(trace)).toBe('S R')
      expect(outcome).toMatchObject({ result: 'success', resultSource: 'log' })
    })
  })

  describe('resilience', () => {
    it('reads the whole log while the status call fails for the whole build, and warns once', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: lines(3) },
          { atMs: 20_000, text: lines(2, 'late') + 'Finished: FAILURE\n' }
        ],
        endsAtMs: 20_000,
        failStatus: () => serverBusy()
      })
      const outcome = await follower.follow()
      expect(listener.content).toBe(build.wholeLog)
      // The first read goes out right after the first status call, not after its retries.
      expect(compact(trace).startsWith('S R')).toBe(true)
      expect(times(trace, 'status').length).toBeGreaterThan(5)
      expect(listener.messages('The build status call keeps failing')).toHaveLength(1)
      expect(outcome).toMatchObject({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'log'
      })
      expect(outcome.elapsedMs).toBe(20_500)
    })

    it('a 401 on a later status call still ends the follow', async () => {
      const unauthorized = classifyFailure('asking for the build status', 401, {
        errorCode: 'APIGW.0301'
      })
      const { follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failStatus: (call) => (call >= 3 ? unauthorized : undefined)
      })
      await expect(follower.follow()).rejects.toBe(unauthorized)
    })
  })
})
