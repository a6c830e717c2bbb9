// @ts-check
import { ERRORS } from './errors.js'
import { errorReply } from './replies.js'

/** @typedef {import('./scenario-options.js').ThrottleSpelling} ThrottleSpelling */

/**
 * @typedef {object} SecondStats
 * @property {number} second the epoch second (Math.floor(ms / 1000))
 * @property {number} served requests answered by a route (throttled ones not counted)
 * @property {number} throttled requests answered throttled, by `throttle` or `rateLimit`
 */

/**
 * @typedef {object} SimulatorStats
 * @property {number} served
 * @property {number} throttled
 * @property {SecondStats[]} perSecond one entry per second that saw a request, oldest first
 */

/**
 * The throttled answer in one of its spellings.
 *
 * @param {ThrottleSpelling | undefined} spelling default 'APIGW.0308'
 * @param {number | undefined} retryAfterSeconds adds `Retry-After` when given
 */
export function throttledReply(spelling, retryAfterSeconds) {
  const error =
    spelling === 'APIG.0308'
      ? ERRORS.gatewayThrottledApig
      : spelling === 'CB.00060211'
        ? ERRORS.tooManyRequests
        : ERRORS.gatewayThrottled
  /** @type {Record<string, string>} */
  const headers = {}
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds)
  return errorReply(error, headers)
}

/**
 * A token bucket: `perSecond` tokens a second, at most `burst` kept; it starts full.
 */
export class TokenBucket {
  /** @param {{ perSecond: number, burst?: number }} options */
  constructor({ perSecond, burst }) {
    if (!(perSecond > 0)) {
      throw new Error(`Invalid 'rateLimit.perSecond': ${perSecond}. Expected a positive number.`)
    }
    this.perSecond = perSecond
    this.burst = Math.max(1, burst ?? perSecond)
    this.tokens = this.burst
    this.at = Date.now()
  }

  /** Takes a token if one is there. */
  take() {
    const now = Date.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond)
    this.at = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** Counts of served and throttled requests, a second at a time. */
export class RequestCounter {
  /** @type {SecondStats[]} */
  #seconds = []
  #served = 0
  #throttled = 0

  /** @param {'served' | 'throttled'} outcome */
  count(outcome) {
    const second = Math.floor(Date.now() / 1000)
    let last = this.#seconds.at(-1)
    if (!last || last.second !== second) {
      last = { second, served: 0, throttled: 0 }
      this.#seconds.push(last)
    }
    last[outcome]++
    if (outcome === 'served') this.#served++
    else this.#throttled++
  }

  /** @returns {SimulatorStats} */
  stats() {
    return {
      served: this.#served,
      throttled: this.#throttled,
      perSecond: this.#seconds.map((s) => ({ ...s }))
    }
  }
}
