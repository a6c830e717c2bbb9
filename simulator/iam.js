// @ts-check
/**
 * A fake IAM for keyless sign-in: `POST /v3.0/OS-AUTH/id-token/tokens` checks X-Idp-Id, the
 * ID token's HS256 signature (the key shared with simulator/id-token-service.js), its expiry,
 * its audience (the provider's client ID) and a conversion rule on its claims, then issues a
 * project-scoped token in X-Subject-Token that lives `tokenLifetimeMs`. `authenticate` is the
 * CodeArts simulator's `authenticate` option: it accepts only unexpired tokens issued here.
 * Its own server on 127.0.0.1.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import * as http from 'node:http'
import { ERRORS } from './errors.js'

/**
 * @typedef {object} FakeIamOptions
 * @property {Buffer} key the ID token signing key (the token service's `key`)
 * @property {string} [identityProvider] the provider's ID; default 'github-actions'
 * @property {string} [clientId] the audience the provider trusts; default 'huaweicloud-iam'
 * @property {(claims: Record<string, unknown>) => boolean} [rule] the identity conversion
 *   rule; default: sub is repo:octo-org/octo-repo:ref:refs/heads/main
 * @property {number} [tokenLifetimeMs] lifetime of issued tokens; default 20000
 * @property {number} [failFirst] the first this many sign-ins answer 503; default 0
 * @property {number} [holdMs] each answer waits this long (an IAM that does not answer in
 *   time); default 0
 */

/** @param {string} message @param {string} code */
const iamError = (message, code) => ({ error: { code, message, title: 'Unauthorized' } })

/** @param {FakeIamOptions} options */
export async function startFakeIam(options) {
  const identityProvider = options.identityProvider ?? 'github-actions'
  const clientId = options.clientId ?? 'huaweicloud-iam'
  const lifetimeMs = options.tokenLifetimeMs ?? 20_000
  const rule =
    options.rule ??
    ((/** @type {Record<string, unknown>} */ claims) =>
      claims.sub === 'repo:octo-org/octo-repo:ref:refs/heads/main')
  /** @type {Map<string, number>} token -> expiry (epoch ms) */
  const tokens = new Map()
  /** @type {Array<{ token: string, expiresAtMs: number, scope: unknown }>} */
  const issued = []
  /** @type {Array<{ idp: string | undefined, status: number }>} */
  const signIns = []
  /** @type {string[]} CodeArts requests refused for an expired token */
  const expiredRefusals = []
  let failuresLeft = options.failFirst ?? 0
  /** Sign-in requests received, answered or not yet. */
  let received = 0

  /** @param {string} jwt @returns {Record<string, unknown> | string} claims or why not */
  const verify = (jwt) => {
    const [head, body, signature] = jwt.split('.')
    if (!head || !body || !signature) return 'the id_token is not a JWT'
    const expected = createHmac('sha256', options.key).update(`${head}.${body}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return 'the id_token signature is invalid'
    }
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      return 'the id_token has expired'
    }
    if (claims.aud !== clientId) return `the id_token audience does not match the client ID`
    return claims
  }

  const server = http.createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      received++
      if (options.holdMs) setTimeout(answer, options.holdMs).unref()
      else answer()
    })
    const answer = () => {
      const idp = /** @type {string | undefined} */ (req.headers['x-idp-id'])
      const reply = (
        /** @type {number} */ status,
        /** @type {unknown} */ body,
        /** @type {Record<string, string>} */ headers = {}
      ) => {
        signIns.push({ idp, status })
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
        res.end(JSON.stringify(body))
      }
      if (req.method !== 'POST' || req.url !== '/v3.0/OS-AUTH/id-token/tokens') {
        return reply(404, iamError('The requested URL was not found.', 'APIGW.0101'))
      }
      if (failuresLeft > 0) {
        failuresLeft--
        return reply(503, iamError('The service is unavailable.', 'IAM.0006'))
      }
      if (idp !== identityProvider) {
        return reply(
          404,
          iamError(`The identity provider ${idp ?? ''} does not exist.`, 'IAM.1004')
        )
      }
      let auth
      try {
        auth = JSON.parse(Buffer.concat(chunks).toString('utf8')).auth
      } catch {
        return reply(400, iamError('The request body is invalid.', 'IAM.0007'))
      }
      const claims = verify(String(auth?.id_token?.id ?? ''))
      if (typeof claims === 'string') return reply(401, iamError(claims, 'IAM.0301'))
      if (!rule(claims)) {
        return reply(403, iamError('No identity conversion rule matched the id_token.', 'IAM.0302'))
      }
      const token = `MIIsim${randomBytes(48).toString('base64url')}`
      const now = Date.now()
      const expiresAtMs = now + lifetimeMs
      tokens.set(token, expiresAtMs)
      issued.push({ token, expiresAtMs, scope: auth?.scope })
      return reply(
        201,
        {
          token: {
            issued_at: new Date(now).toISOString(),
            expires_at: new Date(expiresAtMs).toISOString(),
            methods: ['token']
          }
        },
        { 'X-Subject-Token': token }
      )
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  /**
   * The CodeArts simulator's `authenticate` option: null lets the request through.
   *
   * @param {http.IncomingMessage} req
   */
  const authenticate = (req) => {
    const given = req.headers['x-auth-token']
    const expiry = typeof given === 'string' ? tokens.get(given) : undefined
    if (expiry === undefined) {
      return ERRORS.tokenInvalid
    }
    if (expiry < Date.now()) {
      expiredRefusals.push(String(req.url))
      return {
        ...ERRORS.tokenInvalid,
        error_msg: 'Incorrect IAM authentication information: the token has expired'
      }
    }
    return null
  }

  return {
    url: `http://127.0.0.1:${port}`,
    identityProvider,
    clientId,
    issued,
    signIns,
    expiredRefusals,
    authenticate,
    /** Sign-in requests received so far, answered or not. */
    received: () => received,
    /** Lets every issued token expire now: the next CodeArts call is refused. */
    expireAll: () => {
      for (const token of tokens.keys()) tokens.set(token, 0)
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
  }
}
