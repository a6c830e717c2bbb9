// @ts-check
import { readLog, readLogV1 } from './handlers/log.js'
import { stop, trigger } from './handlers/start-stop.js'
import { buildInfo, jobStatus } from './handlers/status.js'

/** @typedef {import('./faults.js').RouteName} RouteName */

/**
 * One request as a handler sees it.
 *
 * @typedef {object} Call
 * @property {RouteName} route
 * @property {string[]} params the path's `:name` segments, in order
 * @property {URLSearchParams} query
 * @property {Buffer} body
 * @property {import('node:http').IncomingMessage} req
 * @property {import('./server.js').RequestRecord} record
 */

/**
 * @typedef {(state: import('./state.js').SimulatorState, call: Call) =>
 *   import('./replies.js').Reply} Handler
 */

/**
 * @typedef {object} Route
 * @property {RouteName} name
 * @property {'GET' | 'POST'} method
 * @property {string[]} segments the path split at `/`; `:name` matches any one segment
 * @property {Handler} handler
 */

/** @param {RouteName} name @param {'GET' | 'POST'} method @param {string} path @param {Handler} handler */
const route = (name, method, path, handler) => ({
  name,
  method,
  segments: path.slice(1).split('/'),
  handler
})

/** Every route the simulator answers. @type {readonly Route[]} */
export const ROUTES = Object.freeze([
  route('log', 'GET', '/v3/jobs/:job/:build/real-time-log', readLog),
  route('logV1', 'GET', '/v1/log/:job/:build/real-time-log', readLogV1),
  route('status', 'GET', '/v1/job/:job/:build/build-info', buildInfo),
  route('jobStatus', 'GET', '/v1/job/:job/running-status', jobStatus),
  route('jobStatusLegacy', 'GET', '/v3/jobs/:job/status', jobStatus),
  route('execute', 'POST', '/v1/job/execute', trigger),
  route('executeLegacy', 'POST', '/v3/jobs/build', trigger),
  route('stop', 'POST', '/v1/job/:job/stop', stop),
  route('stopLegacy', 'POST', '/v3/jobs/:job/:build/stop', stop)
])

/**
 * The route a request's method and path name, with its parameters (percent-decoded).
 *
 * @param {string} method
 * @param {string} pathname
 * @returns {{ route: Route, params: string[] } | null}
 */
export function matchRoute(method, pathname) {
  let parts
  try {
    parts = pathname.slice(1).split('/').map(decodeURIComponent)
  } catch {
    return null
  }
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.segments.length !== parts.length) continue
    /** @type {string[]} */
    const params = []
    const matches = candidate.segments.every((segment, i) => {
      if (segment.startsWith(':')) return params.push(parts[i]) > 0
      return segment === parts[i]
    })
    if (matches) return { route: candidate, params }
  }
  return null
}
