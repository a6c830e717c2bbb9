// @ts-check
import { ERRORS } from './errors.js'
import { FaultInjector } from './faults.js'
import { gzipBombBody, hostileReply } from './hostile.js'
import { RequestCounter, TokenBucket, throttledReply } from './rate-limit.js'
import { errorReply, portalPage, successReply } from './replies.js'
import { matchRoute } from './routes.js'

/** @typedef {import('./replies.js').Reply} Reply */
/** @typedef {import('./faults.js').RouteName} RouteName */

/** @type {Record<import('./scenario-options.js').MissingRouteCode, import('./errors.js').ApiError>} */
const MISSING = {
  'APIGW.0101': ERRORS.routeNotFound,
  'APIG.0101': ERRORS.routeNotFoundApig,
  'CB.00060214': ERRORS.urlNotFound
}

/**
 * What stands between a request and its route's handler, in the order a gateway and the
 * service apply it: a web page instead of the API, a route that is not there, throttling,
 * hostile transport, transient faults, authentication, permission.
 *
 * @param {import('./state.js').SimulatorState} state
 */
export async function createGate(state) {
  const { faults, auth, routes, transport } = state.options
  const injector = faults.random ? new FaultInjector(faults.random) : null
  const bucket = faults.rateLimit ? new TokenBucket(faults.rateLimit) : null
  const counter = new RequestCounter()
  const bomb = faults.hostile?.kind === 'gzipBomb' ? await gzipBombBody() : null

  /** @param {RouteName} route @param {{ routes?: RouteName[] }} scope */
  const applies = (route, scope) => !scope.routes || scope.routes.includes(route)

  /**
   * @param {RouteName} route
   * @returns {Reply | null}
   */
  const throttle = (route) => {
    if (bucket && !bucket.take()) {
      const { spelling, retryAfterSeconds } = /** @type {NonNullable<typeof faults.rateLimit>} */ (
        faults.rateLimit
      )
      return throttledReply(spelling, retryAfterSeconds)
    }
    const on = faults.throttle
    if (!on || !applies(route, on)) return null
    const turn = state.used.throttle++
    const skip = on.skip ?? 0
    if (turn < skip || turn >= skip + (on.count ?? Infinity)) return null
    return throttledReply(on.spelling, on.retryAfterSeconds)
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {Buffer} body
   * @returns {Promise<import('./errors.js').ApiError | null>}
   */
  const authenticate = async (req, body) => {
    if (auth.authenticate) return (await auth.authenticate(req, body)) ?? null
    const given = req.headers['x-auth-token']
    if (given === undefined || given === '') return ERRORS.tokenMissing
    return given === state.token ? null : ERRORS.tokenInvalid
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {URL} url
   * @param {Buffer} body
   * @param {import('./server.js').RequestRecord} record
   * @returns {Promise<Reply>}
   */
  const respond = async (req, url, body, record) => {
    if (transport.portal) return portalPage()
    const match = matchRoute(req.method ?? 'GET', url.pathname)
    if (!match) return errorReply(ERRORS.routeNotFound)
    const name = match.route.name
    record.route = name
    const missing = routes.missing.get(name)
    if (missing) return errorReply(MISSING[missing])

    /** @type {import('./routes.js').Call} */
    const call = { route: name, params: match.params, query: url.searchParams, body, req, record }
    const throttled = throttle(name)
    counter.count(throttled ? 'throttled' : 'served')
    if (throttled) {
      record.throttled = true
      return throttled
    }
    const hostile = faults.hostile
    if (hostile && applies(name, hostile) && state.used.hostile < (hostile.count ?? Infinity)) {
      state.used.hostile++
      record.hostile = hostile.kind
      return hostileReply(hostile.kind, req.headers, bomb)
    }

    const fault = injector?.pick(name)
    if (injector && fault) {
      record.fault = fault
      return injector.reply(fault, {
        headers: req.headers,
        // Read-only answers are what a cut-short body would have held; the POST routes
        // must not act, so they cut a generic success instead.
        normalBody: () => {
          const readOnly = name === 'log' || name === 'logV1' || name === 'status'
          const normal = readOnly
            ? match.route.handler(state, { ...call, record: { ...record } })
            : successReply({})
          return normal.type === 'send' ? normal.body : successReply({}).body
        }
      })
    }

    const denied = await authenticate(req, body)
    if (denied) return errorReply(denied)
    if (auth.forbidden || (name === 'status' && auth.statusForbidden)) {
      return errorReply(ERRORS.forbidden)
    }
    return match.route.handler(state, call)
  }

  return { respond, stats: () => counter.stats() }
}
