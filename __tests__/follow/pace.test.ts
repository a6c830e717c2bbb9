/**
 * The follower's one pace under a shared quota, on the virtual-clock harness: throttling (any
 * spelling) slows log reads and status calls together, multiplicatively, and recovers
 * gradually; Retry-After is the earliest next request, with jitter on top; no status call
 * while the log grows. The silent build's pace is in read-pacing.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { createRandom } from '../../simulator/random.js'
import { classifyFailure, isThrottling } from '../../src/codearts/errors.js'
import { DEFAULT_STATUS_INTERVAL_MS } from '../../src/follow/follow-types.js'
import {
  MAX_SLOWDOWN,
  MAX_SLOWED_READ_LENGTH,
  MIN_JITTER_MS,
  RECOVERY_PER_SUCCESS,
  SharedPace,
  SLOWED_PACE_SPREAD,
  THROTTLE_FACTOR
} from '../../src/follow/pace.js'
import { setup, times, lines, FINISHED } from '../support/follow-harness.js'

const POLL = 2000
const PACED = { pollIntervalMs: POLL, statusIntervalMs: DEFAULT_STATUS_INTERVAL_MS } as const

const quotaSpent = (retryAfterMs?: number) =>
  classifyFailure('reading the log', 429, { errorCode: 'APIGW.0308' }, retryAfterMs)
const statusQuotaSpent = () =>
  classifyFailure('asking for the build status', 500, {
    errorCode: 'CB.00060211',
    errorMessage: 'request too frequent'
  })

/** Time between each event and the next. */
const gaps = (at: readonly number[]): number[] => at.slice(1).map((time, i) => time - at[i])

/** A line every `everyMs` from 0 to `untilMs`, then the Finished: line. */
function flowing(everyMs: number, untilMs: number) {
  const pieces = Array.from({ length: Math.floor(untilMs / everyMs) }, (_, i) => ({
    atMs: i * everyMs,
    text: lines(1, `t${i}`)
  }))
  return { pieces: [...pieces, { atMs: untilMs, text: FINISHED }], endsAtMs: untilMs }
}

describe('isThrottling', () => {
  it.each([
    ['429 APIGW.0308', classifyFailure('x', 429, { errorCode: 'APIGW.0308' })],
    ['429 APIG.0308', classifyFailure('x', 429, { errorCode: 'APIG.0308' })],
    ['500 CB.00060211', classifyFailure('x', 500, { errorCode: 'CB.00060211' })],
    ['429 without a code', classifyFailure('x', 429, {})]
  ])('knows %s', (_, error) => {
    expect(isThrottling(error)).toBe(true)
  })

  it.each([
    ['503', classifyFailure('x', 503, { errorCode: 'APIGW.0201' })],
    ['500', classifyFailure('x', 500, {})],
    ['not an ApiError', new Error('429')]
  ])('does not take %s for throttling', (_, error) => {
    expect(isThrottling(error)).toBe(false)
  })
})

describe('SharedPace', () => {
  const clock = {
    nowMs: 0,
    now: () => clock.nowMs,
    sleep: async () => undefined
  }

  it('slows every wait multiplicatively per throttled answer, and recovers gradually', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.succeeded() // answered once: a refusal now is news of this follower's pace
    expect(pace.readPauseMs(POLL)).toBe(POLL)
    expect(pace.readPauseMs(0)).toBe(0)
    pace.throttled({})
    // A second throttled answer at the same moment (a read and a status call) counts once.
    pace.throttled({})
    expect(pace.slowdown).toBe(THROTTLE_FACTOR)
    clock.nowMs += (POLL / 2) * pace.slowdown // one paced gap later
    pace.throttled({})
    const twice = Math.min(MAX_SLOWDOWN, THROTTLE_FACTOR ** 2)
    expect(pace.slowdown).toBe(twice)
    expect(pace.statusGapMs(10_000)).toBe(10_000 * twice)
    pace.succeeded()
    // One success does not forget the throttling.
    expect(pace.slowdown).toBeCloseTo(twice * RECOVERY_PER_SUCCESS)
    for (let i = 0; i < 200; i++) pace.succeeded()
    expect(pace.slowdown).toBe(1)
  })

  it('starts at the slowest pace when refused before any answer: others spend the quota', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.throttled({})
    expect(pace.slowdown).toBe(MAX_SLOWDOWN)
    const answeredFirst = new SharedPace(clock, POLL, () => 0)
    answeredFirst.succeeded()
    answeredFirst.throttled({})
    expect(answeredFirst.slowdown).toBe(THROTTLE_FACTOR)
  })

  it('raises the slow-down only for answers to requests sent after the last raise', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.succeeded()
    const start = clock.nowMs
    pace.throttled({}, start) // raised to 3x
    clock.nowMs += 5000
    // Sent before the raise, answered long after it: it reflects the old pace.
    pace.throttled({}, start - 10)
    expect(pace.slowdown).toBe(THROTTLE_FACTOR)
    // Sent after the raise: the slowed pace was refused too.
    pace.throttled({}, start + 1)
    expect(pace.slowdown).toBe(Math.min(MAX_SLOWDOWN, THROTTLE_FACTOR ** 2))
  })

  it('climbs back slowly: more than 50 successes to undo one raise', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.succeeded()
    pace.throttled({})
    let successes = 0
    while (pace.slowdown > 1) {
      pace.succeeded()
      successes++
    }
    // ln 4 / ln (1 / 0.98): about 69.
    expect(successes).toBeGreaterThan(50)
    expect(successes).toBeLessThan(90)
  })

  it('asks for more a read while slowed, up to the API default length', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.succeeded()
    expect(pace.readLength(384 * 1024)).toBe(384 * 1024)
    pace.throttled({})
    expect(pace.readLength(100_000)).toBe(100_000 * THROTTLE_FACTOR)
    expect(pace.readLength(384 * 1024)).toBe(MAX_SLOWED_READ_LENGTH)
    // A length above the cap (a user's own) is never cut.
    expect(pace.readLength(2_000_000)).toBe(2_000_000)
  })

  it('keeps a status call apart from a read while slowed', () => {
    const pace = new SharedPace(clock, POLL, () => 0)
    pace.succeeded()
    pace.throttled({}) // 3x, no Retry-After: the next request waits 3 s
    clock.nowMs += 10_000
    pace.sent() // a read goes out
    expect(pace.allowsStatusNow()).toBe(false)
    clock.nowMs += (POLL / 4) * THROTTLE_FACTOR // half a slowed gap later
    expect(pace.allowsStatusNow()).toBe(true)
  })

  it('waits the live pace once the end is in sight, and only 1 s of jitter after a refusal', () => {
    const pace = new SharedPace(clock, POLL, () => 1)
    pace.succeeded()
    pace.throttled({})
    clock.nowMs += 60_000 // the throttled wait is over
    pace.contentSeen() // the build writes: not silent
    // The slowed pace, and its random spread at its widest (random() is 1 here).
    expect(pace.readPauseMs(POLL)).toBe(POLL * THROTTLE_FACTOR * (1 + SLOWED_PACE_SPREAD))
    pace.endSeen()
    expect(pace.readPauseMs(POLL)).toBe(POLL)
    expect(pace.throttled({ retryAfterMs: 2000 })).toBe(2000 + MIN_JITTER_MS)
    clock.nowMs += 10_000
    expect(pace.throttled({})).toBe(POLL / 2 + MIN_JITTER_MS)
  })
})

describe('BuildFollower under a shared quota', () => {
  it('slows the reads after a throttled read, multiplicatively, and recovers gradually', async () => {
    const { trace, follower, listener, build } = setup(
      {
        ...flowing(300, 200_000),
        // The quota is spent at 20 s: one read answered 429, no Retry-After.
        failRead: (_, nowMs) => (nowMs >= 20_000 && nowMs < 20_500 ? quotaSpent() : undefined)
      },
      { ...PACED, random: () => 0 }
    )
    await follower.follow()
    expect(listener.content).toBe(build.wholeLog)
    const readsAt = times(trace, 'read')
    const before = gaps(readsAt.filter((at) => at > 5000 && at < 20_000))
    const throttledAt = readsAt.find((at) => at >= 20_000) ?? 0
    const after = gaps(readsAt.filter((at) => at >= throttledAt))
    // A line every 0.3 s: half a poll interval between reads before; twice that right after
    // the 429, and the gaps come back down step by step, not at the first success.
    expect(new Set(before)).toEqual(new Set([POLL / 2]))
    expect(after[1]).toBeGreaterThanOrEqual(POLL * 0.9)
    expect(after[2]).toBeGreaterThan(POLL / 2)
    expect(after[2]).toBeLessThanOrEqual(after[1])
    expect(after.at(-3)).toBe(POLL / 2)
  })

  it('keeps the slowed pace for a build that writes more than a guessed cap between reads', async () => {
    // 40 KB every 0.3 s: every answer is about as large as the largest seen, which looks like
    // a server's cap. While slowed, a read sent on that guess would wait anyway and could not
    // test it: it waits the slowed half interval, like any read after new lines.
    const piece = lines(1200, 'forty-kilobytes-of-build-output')
    const { trace, follower, listener, build } = setup(
      {
        pieces: [
          ...Array.from({ length: 200 }, (_, i) => ({ atMs: i * 300, text: piece })),
          { atMs: 60_000, text: FINISHED }
        ],
        endsAtMs: 60_000,
        moreWhileRunning: true,
        // The read sent at once on the first answer's size is refused: the guess stays untested.
        failRead: (call) => (call === 2 ? quotaSpent() : undefined)
      },
      { ...PACED, random: () => 0 }
    )
    await follower.follow()
    expect(listener.content).toBe(build.wholeLog)
    const readsAt = times(trace, 'read')
    const retriedAt = readsAt[2]
    const slowed = gaps(readsAt.filter((at) => at >= retriedAt && at < retriedAt + 20_000))
    // Each success keeps RECOVERY_PER_SUCCESS of the slow-down; the gap is half an interval
    // times what is left of it (a read sent on the guess waited one half interval less).
    let slowdown = THROTTLE_FACTOR
    for (const gap of slowed) {
      slowdown *= RECOVERY_PER_SUCCESS
      expect(gap).toBeGreaterThanOrEqual(Math.floor((POLL / 2) * slowdown) - 1)
    }
    expect(slowed.length).toBeGreaterThan(3)
  })

  it('spreads each slowed read at random, up to SLOWED_PACE_SPREAD past the slowed pace', async () => {
    // Followers refused together recover together: without a random part their reads would
    // keep meeting in the same second. A line every 0.3 s: every read brings lines.
    const { trace, follower } = setup(
      { ...flowing(300, 60_000), failRead: (call) => (call === 2 ? quotaSpent() : undefined) },
      { ...PACED, random: createRandom(7) }
    )
    await follower.follow()
    const readsAt = times(trace, 'read')
    const slowedGaps = gaps(readsAt.slice(2, 14))
    // Each success keeps RECOVERY_PER_SUCCESS of the slow-down: the gap over the slowed pace.
    let slowdown = THROTTLE_FACTOR
    const shares = slowedGaps.map((gap) => {
      slowdown *= RECOVERY_PER_SUCCESS
      return gap / ((POLL / 2) * slowdown)
    })
    for (const share of shares) {
      expect(share).toBeGreaterThanOrEqual(0.999)
      expect(share).toBeLessThanOrEqual(1 + SLOWED_PACE_SPREAD + 0.001)
    }
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.1)
  })

  it('a throttled status call (HTTP 500 CB.00060211) slows the log reads too', async () => {
    const { trace, follower } = setup(
      {
        pieces: [
          { atMs: 0, text: 'started\n' },
          { atMs: 50_000, text: FINISHED }
        ],
        endsAtMs: 50_000,
        failStatus: (call) => (call === 2 ? statusQuotaSpent() : undefined)
      },
      { ...PACED, random: () => 0 }
    )
    await follower.follow()
    const statusAt = times(trace, 'status')
    const readsAt = times(trace, 'read')
    const throttledAt = statusAt[1]
    // Silent build: one read per poll interval before (after the first silent waits, 0.8 and 1.2
    // of one); after the throttled status call, the next read waits the slowed pace (twice
    // the interval).
    expect(readsAt.slice(0, 3)).toEqual([0, POLL / 2, 1.3 * POLL])
    expect(new Set(gaps(readsAt.slice(2).filter((at) => at <= throttledAt)))).toEqual(
      new Set([1.2 * POLL, POLL])
    )
    const nextRead = readsAt.find((at) => at > throttledAt) ?? 0
    expect(nextRead - throttledAt).toBeGreaterThanOrEqual(2 * POLL)
  })

  it.each([
    ['with Retry-After', 3000],
    ['without Retry-After', undefined]
  ])(
    'two followers with different random draws do not retry at the same instant (%s), never before Retry-After',
    async (_, retryAfterMs) => {
      const retriesOf = async (seed: number): Promise<number[]> => {
        const { trace, follower } = setup(
          {
            ...flowing(300, 30_000),
            failRead: (_call, nowMs) =>
              nowMs >= 10_000 && nowMs < 12_000 ? quotaSpent(retryAfterMs) : undefined
          },
          { ...PACED, random: createRandom(seed) }
        )
        await follower.follow()
        const failedAt = trace.find((e) => e.kind === 'read' && e.at >= 10_000)?.at ?? 0
        const retryAt = times(trace, 'read').find((at) => at > failedAt) ?? 0
        // Not before Retry-After nor the slowed pace; the random part is as wide as that pace.
        const paced = (POLL / 2) * THROTTLE_FACTOR
        expect(retryAt - failedAt).toBeGreaterThanOrEqual(Math.max(retryAfterMs ?? 0, paced))
        expect(retryAt - failedAt).toBeLessThanOrEqual(
          Math.max(retryAfterMs ?? 0, paced) + Math.max(MIN_JITTER_MS, paced) + POLL
        )
        return [failedAt, retryAt]
      }
      const [failedA, retryA] = await retriesOf(1)
      const [failedB, retryB] = await retriesOf(2)
      expect(failedA).toBe(failedB)
      expect(retryA).not.toBe(retryB)
    }
  )

  it('while slowed, sends each status call halfway between two reads, never with one, to the end', async () => {
    const { trace, follower } = setup(
      {
        pieces: [
          { atMs: 0, text: 'started\n' },
          { atMs: 120_000, text: FINISHED }
        ],
        endsAtMs: 120_000,
        failRead: (call) => (call === 2 ? quotaSpent() : undefined)
      },
      { ...PACED, random: () => 0 }
    )
    const outcome = await follower.follow()
    expect(outcome).toMatchObject({ result: 'success' })
    const readsAt = times(trace, 'read')
    const throttledAt = readsAt[1]
    // Up to the one that confirms the Finished: line, which the read draining the log follows.
    const statusAt = times(trace, 'status').filter((at) => at > throttledAt)
    expect(statusAt.length).toBeGreaterThanOrEqual(3)
    expect(statusAt.at(-1)).toBeGreaterThan(120_000)
    expect(readsAt.at(-1)).toBeGreaterThan(statusAt.at(-1) ?? Infinity)
    for (const at of statusAt) {
      const nearest = Math.min(...readsAt.map((readAt) => Math.abs(readAt - at)))
      expect(nearest).toBeGreaterThanOrEqual(POLL / 2)
    }
  })

  it('asks no status call while the log grows; the Finished: line is confirmed at once', async () => {
    const { trace, follower } = setup(flowing(700, 60_000), PACED)
    const outcome = await follower.follow()
    const statusAt = times(trace, 'status')
    // The first call, before any read; then only the one at the Finished: line.
    expect(statusAt).toEqual([0, 60_000])
    expect(outcome).toMatchObject({ result: 'success', resultSource: 'status' })
    expect(outcome.elapsedMs - 60_000).toBeLessThanOrEqual(700)
  })

  it('asks the status again at its pace once reads come back caught up', async () => {
    const { trace, follower } = setup(
      {
        pieces: [...flowing(700, 30_000).pieces.slice(0, -1), { atMs: 80_000, text: FINISHED }],
        endsAtMs: 80_000
      },
      PACED
    )
    await follower.follow()
    const statusAt = times(trace, 'status')
    expect(statusAt.filter((at) => at > 0 && at < 30_000)).toEqual([])
    const quiet = statusAt.filter((at) => at > 30_000 && at < 80_000)
    expect(quiet.length).toBeGreaterThanOrEqual(3)
    expect(quiet[0]).toBeLessThanOrEqual(30_000 + DEFAULT_STATUS_INTERVAL_MS + POLL)
  })
})
