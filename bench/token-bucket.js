// @ts-check
/**
 * A token bucket, the arithmetic only (the caller passes the time): `ratePerSecond` tokens a
 * second flow in, up to `burst`; each request takes one, and a request that finds none is
 * refused with the time until the next token. What an API gateway's per-account throttling
 * does to a fleet of clients sharing one quota.
 */
export class TokenBucket {
  /**
   * @param {object} options
   * @param {number} options.ratePerSecond tokens added a second
   * @param {number} options.burst the most tokens held (and held at the start)
   * @param {number} options.nowMs the time the bucket starts full
   */
  constructor({ ratePerSecond, burst, nowMs }) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) {
      throw new Error(`Invalid token bucket: rate ${ratePerSecond}/s, burst ${burst}.`)
    }
    this.ratePerSecond = ratePerSecond
    this.burst = burst
    this.tokens = burst
    this.atMs = nowMs
  }

  /** @param {number} nowMs */
  refill(nowMs) {
    if (nowMs > this.atMs) {
      this.tokens = Math.min(
        this.burst,
        this.tokens + ((nowMs - this.atMs) * this.ratePerSecond) / 1000
      )
      this.atMs = nowMs
    }
  }

  /**
   * Takes a token if there is one.
   *
   * @param {number} nowMs
   * @returns {{ granted: true } | { granted: false, waitMs: number }} waitMs: until a whole
   *   token is there
   */
  take(nowMs) {
    this.refill(nowMs)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { granted: true }
    }
    return { granted: false, waitMs: ((1 - this.tokens) * 1000) / this.ratePerSecond }
  }
}

/**
 * The Retry-After header for a wait: whole seconds (HTTP's delay-seconds), at least 1.
 *
 * @param {number} waitMs
 */
export function retryAfterSeconds(waitMs) {
  return Math.max(1, Math.ceil(waitMs / 1000))
}
