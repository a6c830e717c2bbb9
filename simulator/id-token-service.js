// @ts-check
/**
 * A fake of the runner's ID token service (what ACTIONS_ID_TOKEN_REQUEST_URL and
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN point at): `GET <url>&audience=<aud>` with
 * `Authorization: Bearer <request token>` answers `{"value": "<JWT>"}`, a JWT signed HS256
 * with a key shared with the fake IAM (simulator/iam.js). Its own server on 127.0.0.1.
 */
import { createHmac, randomBytes } from 'node:crypto'
import * as http from 'node:http'

/**
 * Signs claims as a compact JWT (HS256).
 *
 * @param {Record<string, unknown>} claims
 * @param {Buffer} key
 */
export function signJwt(claims, key) {
  const part = (/** @type {unknown} */ value) =>
    Buffer.from(JSON.stringify(value)).toString('base64url')
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`
}

/**
 * @typedef {object} IdTokenServiceOptions
 * @property {Buffer} [key] the signing key; default a new random one
 * @property {Record<string, unknown>} [claims] claims over the defaults (sub, repository, ref…)
 * @property {number} [lifetimeSeconds] how long each ID token lives; default 300
 * @property {number} [failFirst] the first this many requests answer 503; default 0
 */

/** @param {IdTokenServiceOptions} [options] */
export async function startIdTokenService(options = {}) {
  const key = options.key ?? randomBytes(32)
  const requestToken = `req-${randomBytes(24).toString('hex')}`
  /** @type {string[]} */
  const issued = []
  /** @type {Array<{ audience: string | null, authorized: boolean }>} */
  const requests = []
  let failuresLeft = options.failFirst ?? 0
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const authorized = req.headers.authorization === `Bearer ${requestToken}`
    const audience = url.searchParams.get('audience')
    requests.push({ audience, authorized })
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (!authorized) return reply(401, { message: 'Bad credentials' })
    if (failuresLeft > 0) {
      failuresLeft--
      return reply(503, { message: 'Service unavailable' })
    }
    const now = Math.floor(Date.now() / 1000)
    const value = signJwt(
      {
        jti: randomBytes(8).toString('hex'),
        sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        repository: 'octo-org/octo-repo',
        repository_owner: 'octo-org',
        ref: 'refs/heads/main',
        ...options.claims,
        aud: audience ?? 'https://github.com/octo-org',
        iss: 'https://token.actions.githubusercontent.com',
        iat: now,
        nbf: now,
        exp: now + (options.lifetimeSeconds ?? 300)
      },
      key
    )
    issued.push(value)
    return reply(200, { count: 1, value })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    /** ACTIONS_ID_TOKEN_REQUEST_URL: already has a query, as the runner's does. */
    url: `http://127.0.0.1:${port}/_apis/oidc/token?api-version=2.0`,
    /** ACTIONS_ID_TOKEN_REQUEST_TOKEN */
    requestToken,
    key,
    issued,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
  }
}
