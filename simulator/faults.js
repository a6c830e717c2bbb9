// @ts-check
import { ERRORS } from './errors.js'
import { createRandom } from './random.js'
import { errorReply, jsonReply, rawReply } from './replies.js'

/**
 * @typedef {'reset' | 'hang' | 'http500' | 'http502' | 'http503' | 'http429' | 'throttle500'
 *   | 'gateway429' | 'notJson' | 'truncatedJson' | 'cutConnection' | 'error200' | 'stringified'
 *   | 'echoHeaders'} FaultKind
 */

/**
 * Route names as used by `faults.routes` and request records.
 *
 * @typedef {'log' | 'status' | 'jobStatus' | 'execute' | 'executeLegacy' | 'stop' | 'stopLegacy'} RouteName
 */

/**
 * Transient failures to mix into answers. Which answers fail is a seeded sequence, so a
 * failing test run repeats exactly.
 *
 * @typedef {object} FaultOptions
 * @property {number} [rate] fraction of eligible answers that fail, 0 to 1; default 0.2
 * @property {FaultKind[]} [kinds] default every kind
 * @property {'cycle' | 'random'} [order] how a failing answer picks its kind: in turn through
 *   `kinds` (default) or at random
 * @property {number} [seed] default 1
 * @property {number} [retryAfterSeconds] `Retry-After` of `http429`; default 1
 * @property {number} [hangMs] how long `hang` holds the socket before destroying it; default 3000
 * @property {RouteName[]} [routes] routes faults apply to; default all
 */

/** @type {readonly FaultKind[]} */
export const FAULT_KINDS = Object.freeze([
  'reset',
  'hang',
  'http500',
  'http502',
  'http503',
  'http429',
  'throttle500',
  'gateway429',
  'notJson',
  'truncatedJson',
  'cutConnection',
  'error200',
  'stringified',
  'echoHeaders'
])

const HTML = 'text/html;charset=UTF-8'

const BUSY_BODY = { error_code: 'CB.00060100', error_msg: 'network busy' }

export class FaultInjector {
  /** @param {FaultOptions} options */
  constructor(options) {
    this.rate = options.rate ?? 0.2
    this.kinds = options.kinds ?? [...FAULT_KINDS]
    this.order = options.order ?? 'cycle'
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1
    this.hangMs = options.hangMs ?? 3000
    this.routes = options.routes ? new Set(options.routes) : null
    this.random = createRandom(options.seed ?? 1)
    this.turn = 0
    this.throttleTurn = 0
    const unknown = this.kinds.filter((k) => !FAULT_KINDS.includes(k))
    if (unknown.length > 0 || this.kinds.length === 0) {
      throw new Error(
        `Invalid 'faults.kinds': ${JSON.stringify(this.kinds)}. Expected some of ${FAULT_KINDS.join(', ')}.`
      )
    }
    if (!(this.rate >= 0 && this.rate <= 1)) {
      throw new Error(`Invalid 'faults.rate': ${this.rate}. Expected a number from 0 to 1.`)
    }
  }

  /**
   * Decides whether this answer fails. Draws from the sequence only for eligible routes, so
   * adding calls to other routes does not shift which log reads fail.
   *
   * @param {RouteName} route
   * @returns {FaultKind | null}
   */
  pick(route) {
    if (this.routes && !this.routes.has(route)) return null
    if (this.random() >= this.rate) return null
    if (this.order === 'random') return this.kinds[Math.floor(this.random() * this.kinds.length)]
    return this.kinds[this.turn++ % this.kinds.length]
  }

  /**
   * @param {FaultKind} kind
   * @param {object} context
   * @param {import('node:http').IncomingHttpHeaders} context.headers the request's headers
   * @param {() => Buffer} context.normalBody the body the answer would have had, for the
   *   kinds that cut it short
   * @returns {import('./replies.js').Reply}
   */
  reply(kind, context) {
    switch (kind) {
      case 'reset':
        return { type: 'reset' }
      case 'hang':
        return { type: 'hang', ms: this.hangMs }
      case 'http500':
        return errorReply(ERRORS.internal)
      case 'http502':
        return errorReply({
          status: 502,
          error_code: 'APIGW.0202',
          error_msg: 'Backend unavailable'
        })
      case 'http503':
        return rawReply(
          503,
          '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>\n',
          HTML
        )
      case 'http429':
        return errorReply(
          { ...ERRORS.tooManyRequests, status: 429 },
          { 'Retry-After': String(this.retryAfterSeconds) }
        )
      case 'throttle500':
        return errorReply(
          this.throttleTurn++ % 2 === 0 ? ERRORS.tooManyRequests : ERRORS.networkBusy
        )
      case 'gateway429':
        return errorReply(ERRORS.gatewayThrottled)
      case 'notJson':
        return rawReply(
          200,
          '<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>The request was blocked by the web application firewall.</h1></body></html>\n',
          HTML
        )
      case 'truncatedJson': {
        const body = context.normalBody()
        return { ...jsonReply(200, null), body: body.subarray(0, Math.floor(body.length / 2)) }
      }
      case 'cutConnection': {
        const body = context.normalBody()
        return {
          ...jsonReply(200, null),
          body: body.subarray(0, Math.floor(body.length / 2)),
          contentLength: body.length,
          destroyAfterBody: true
        }
      }
      case 'error200':
        return jsonReply(200, { ...BUSY_BODY, status: 'fail' })
      case 'stringified':
        return jsonReply(200, JSON.stringify(BUSY_BODY))
      case 'echoHeaders':
        return errorReply({
          ...ERRORS.internal,
          error_msg: `System error while handling request with headers ${JSON.stringify(context.headers)}`
        })
    }
  }
}
