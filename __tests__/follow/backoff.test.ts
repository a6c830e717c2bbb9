import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../../src/follow/backoff.js'

const LOW = (): number => 0
const HIGH = (): number => 1
const MIDDLE = (): number => 0.5

describe('backoff', () => {
  describe('growth and cap', () => {
    // The documented policy: 500 ms doubling per failure, capped at 30 s.
    it.each([
      [1, 500],
      [2, 1000],
      [3, 2000],
      [4, 4000],
      [5, 8000],
      [6, 16_000],
      [7, 30_000],
      [8, 30_000],
      [50, 30_000],
      [1_000_000, 30_000]
    ])('after %i failures in a row the full delay is %i ms', (failures, fullDelayMs) => {
      expect(backoffDelayMs(failures, DEFAULT_BACKOFF, HIGH)).toBe(fullDelayMs)
      expect(backoffDelayMs(failures, DEFAULT_BACKOFF, LOW)).toBe(fullDelayMs / 2)
      expect(backoffDelayMs(failures, DEFAULT_BACKOFF, MIDDLE)).toBe((fullDelayMs * 3) / 4)
    })

    it.each([0, -1, -100])('treats %i failures like the first retry', (failures) => {
      expect(backoffDelayMs(failures, DEFAULT_BACKOFF, HIGH)).toBe(
        backoffDelayMs(1, DEFAULT_BACKOFF, HIGH)
      )
    })

    it('doubles with each failure until the cap, then stays there', () => {
      const policy: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 5000 }
      let previous = backoffDelayMs(1, policy, HIGH)
      expect(previous).toBe(policy.baseDelayMs)
      for (let failures = 2; failures <= 40; failures++) {
        const delay = backoffDelayMs(failures, policy, HIGH)
        expect(delay).toBe(Math.min(previous * 2, policy.maxDelayMs))
        previous = delay
      }
      expect(previous).toBe(policy.maxDelayMs)
    })

    it('stays finite for a very long run of failures', () => {
      const policy: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: Number.MAX_SAFE_INTEGER }
      expect(Number.isFinite(backoffDelayMs(10_000, policy, HIGH))).toBe(true)
    })
  })

  describe('jitter', () => {
    it.each([1, 2, 5, 10, 30])(
      'keeps the delay after %i failures between half and all of the full delay',
      (failures) => {
        const full = backoffDelayMs(failures, DEFAULT_BACKOFF, HIGH)
        for (let i = 0; i <= 100; i++) {
          const value = i / 100
          const delay = backoffDelayMs(failures, DEFAULT_BACKOFF, () => value)
          expect(delay).toBeGreaterThanOrEqual(full / 2)
          expect(delay).toBeLessThanOrEqual(full)
          expect(Number.isInteger(delay)).toBe(true)
        }
      }
    )

    it('rises with the random draw', () => {
      const delays = [0, 0.25, 0.5, 0.75, 0.999].map((value) =>
        backoffDelayMs(4, DEFAULT_BACKOFF, () => value)
      )
      expect([...delays].sort((a, b) => a - b)).toEqual(delays)
      expect(new Set(delays).size).toBe(delays.length)
    })

    it('draws one random number per delay', () => {
      let draws = 0
      backoffDelayMs(3, DEFAULT_BACKOFF, () => {
        draws++
        return 0.5
      })
      expect(draws).toBe(1)
    })
  })

  describe('Retry-After', () => {
    it('waits at least as long as the server asked', () => {
      // The first retry is at most 500 ms; the server asks for 5 s.
      expect(backoffDelayMs(1, DEFAULT_BACKOFF, HIGH, 5000)).toBe(5000)
      expect(backoffDelayMs(1, DEFAULT_BACKOFF, LOW, 5000)).toBe(5000)
    })

    it('keeps the longer backoff when the server asks for less', () => {
      const withoutHint = backoffDelayMs(6, DEFAULT_BACKOFF, MIDDLE)
      expect(backoffDelayMs(6, DEFAULT_BACKOFF, MIDDLE, 1000)).toBe(withoutHint)
      expect(backoffDelayMs(6, DEFAULT_BACKOFF, MIDDLE, 0)).toBe(withoutHint)
    })

    it('honours a Retry-After above the backoff cap', () => {
      expect(backoffDelayMs(1, DEFAULT_BACKOFF, LOW, 45_000)).toBe(45_000)
    })

    it.each([3_600_000, 86_400_000, Number.MAX_SAFE_INTEGER, Infinity])(
      'caps a huge Retry-After of %d ms',
      (retryAfterMs) => {
        const delay = backoffDelayMs(1, DEFAULT_BACKOFF, LOW, retryAfterMs)
        expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.maxDelayMs)
        expect(delay).toBeLessThanOrEqual(60_000)
      }
    )

    it('caps a huge Retry-After no lower than a policy maximum above a minute', () => {
      const policy: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 120_000 }
      expect(backoffDelayMs(1, policy, LOW, 10 * 3_600_000)).toBe(policy.maxDelayMs)
    })
  })
})
