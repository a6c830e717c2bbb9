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

/**
 * tunnel turns `proxy.proxyAuth` (user:password of a proxy URL) into its header with
 * `new Buffer()`, which Node deprecates (DEP0005, a warning on stderr on every proxied run with
 * a password). The header is made here instead, with Buffer.from, and added to the CONNECT
 * request: the same header, without the deprecated call.
 *
 * @param {keyof Tunnel} name
 * @returns {AgentFactory}
 */
function factory(name) {
  return (options) => {
    const proxy = /** @type {{ proxy?: { proxyAuth?: string } }} */ (options ?? {}).proxy
    if (!proxy || !proxy.proxyAuth) return tunnel()[name](options)
    const { proxyAuth, ...rest } = proxy
    const header = `Basic ${Buffer.from(proxyAuth).toString('base64')}`
    const agent = /** @type {import('node:http').Agent & { request: Function }} */ (
      tunnel()[name]({ ...options, proxy: rest })
    )
    const request = agent.request
    agent.request = (/** @type {{ headers?: Record<string, string> }} */ connect, ...more) =>
      request(
        { ...connect, headers: { ...connect.headers, 'Proxy-Authorization': header } },
        ...more
      )
    return agent
  }
}

exports.httpOverHttp = factory('httpOverHttp')
exports.httpsOverHttp = factory('httpsOverHttp')
exports.httpOverHttps = factory('httpOverHttps')
exports.httpsOverHttps = factory('httpsOverHttps')
