/**
 * Stands in for tunnel when the action is bundled (tsconfig.json `paths` maps the name here),
 * and loads the real one on first use.
 *
 * @actions/http-client imports tunnel at its top for the agents of a proxied run: only a runner
 * with `https_proxy`/`http_proxy` set (and the endpoint not in `no_proxy`) ever creates one. A
 * static import would load tunnel, and with it node:tls, node:https and node:assert, at every
 * start; this stand-in defers that to the first tunnelling agent, with the same functions and
 * the same results.
 */
'use strict'

/**
 * @typedef {(options: object) => import('node:http').Agent} AgentFactory
 * @typedef {Record<'httpOverHttp' | 'httpsOverHttp' | 'httpOverHttps' | 'httpsOverHttps', AgentFactory>} Tunnel
 */

/** @type {Tunnel | undefined} */
let real

/** The real tunnel, loaded once (a deep path, which the `paths` entry does not map here). */
function tunnel() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!real) real = /** @type {Tunnel} */ (require('tunnel/lib/tunnel.js'))
  return real
}

/** @type {AgentFactory} */
exports.httpOverHttp = (options) => tunnel().httpOverHttp(options)
/** @type {AgentFactory} */
exports.httpsOverHttp = (options) => tunnel().httpsOverHttp(options)
/** @type {AgentFactory} */
exports.httpOverHttps = (options) => tunnel().httpOverHttps(options)
/** @type {AgentFactory} */
exports.httpsOverHttps = (options) => tunnel().httpsOverHttps(options)
