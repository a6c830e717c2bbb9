// @ts-check
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Gateway-side check of APIG `SDK-HMAC-SHA256` signatures, for the simulator.
 *
 * Written apart from the client signer on purpose: it starts from the raw request line and
 * headers that arrived, so a client that signs one thing and sends another is caught, and a
 * mistake shared by both halves is less likely.
 *
 * Messages follow the shapes Huawei documents for APIGW.0301 ("verify aksk signature fail",
 * "ak … not exist"); those about the date, the token and the signed-header list are the
 * simulator's own wording, since the real texts are not published.
 */

const PREFIX = 'Incorrect IAM authentication information: '
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000

/** @typedef {{ status: number, error_code: string, error_msg: string }} SignatureRejection */

/**
 * @typedef {object} VerifyOptions
 * @property {string} accessKey the only access key the simulator knows
 * @property {string} secretKey its secret key
 * @property {string} [securityToken] when set, requests must carry and sign this token
 * @property {Date} [now] the gateway's clock
 * @property {number} [maxSkewMs] allowed distance between X-Sdk-Date and `now`
 */

/**
 * @param {string} detail
 * @returns {SignatureRejection}
 */
function reject(detail) {
  return { status: 401, error_code: 'APIGW.0301', error_msg: PREFIX + detail }
}

/**
 * RFC 3986 escaping done byte by byte over UTF-8, the way the Go SDK's escape() works.
 * @param {string} text
 * @returns {string}
 */
function escapeBytes(text) {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const unreserved =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d || // -
      byte === 0x2e || // .
      byte === 0x5f || // _
      byte === 0x7e // ~
    out += unreserved
      ? String.fromCharCode(byte)
      : '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/**
 * @param {string} text
 * @returns {string}
 */
function unescape(text) {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * @param {string} rawPath path as it came on the request line, still escaped
 * @returns {string}
 */
function canonicalPath(rawPath) {
  const path = rawPath
    .split('/')
    .map((segment) => escapeBytes(unescape(segment)))
    .join('/')
  return path.endsWith('/') ? path : path + '/'
}

/**
 * @param {string} rawQuery query string without the `?`
 * @returns {string}
 */
function canonicalQueryFromRaw(rawQuery) {
  /** @type {Array<[Buffer, Buffer]>} */
  const pairs = []
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawName = eq === -1 ? part : part.slice(0, eq)
    const rawValue = eq === -1 ? '' : part.slice(eq + 1)
    // Form decoding (`+` is a space) is what the gateway-side parsers in Go and Node apply.
    const name = unescape(rawName.replace(/\+/g, ' '))
    const value = unescape(rawValue.replace(/\+/g, ' '))
    pairs.push([Buffer.from(name, 'utf8'), Buffer.from(value, 'utf8')])
  }
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]))
  return pairs
    .map(
      ([name, value]) =>
        escapeBytes(name.toString('utf8')) + '=' + escapeBytes(value.toString('utf8'))
    )
    .join('&')
}

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} name lower-case header name
 * @returns {string | undefined}
 */
function headerValue(headers, name) {
  const value = headers[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(',') : value
}

/**
 * Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`.
 * @param {string} header
 * @returns {{ access: string, signedHeaders: string[], signature: string } | null}
 */
function parseAuthorization(header) {
  const space = header.indexOf(' ')
  if (space === -1 || header.slice(0, space) !== 'SDK-HMAC-SHA256') return null
  /** @type {Record<string, string>} */
  const fields = {}
  for (const item of header.slice(space + 1).split(',')) {
    const eq = item.indexOf('=')
    if (eq === -1) return null
    fields[item.slice(0, eq).trim()] = item.slice(eq + 1).trim()
  }
  const { Access: access, SignedHeaders: list, Signature: signature } = fields
  if (!access || !list || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return null
  return { access, signedHeaders: list.split(';'), signature: signature.toLowerCase() }
}

/**
 * Reads `YYYYMMDDTHHMMSSZ` strictly; anything else is refused rather than guessed at.
 * @param {string} text
 * @returns {number | null} epoch milliseconds
 */
function parseSdkDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number)
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  const back = new Date(ms)
  // Date.UTC rolls 20261399 over into another date; a real gateway would not accept it.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null
  }
  return ms
}

/**
 * Checks the APIG `SDK-HMAC-SHA256` signature of an incoming request.
 *
 * @param {Pick<import('node:http').IncomingMessage, 'method' | 'url' | 'headers'>} req the
 *   request as received (`url` is the raw request target)
 * @param {Buffer | undefined} bodyBuffer the complete request body
 * @param {VerifyOptions} options the credentials the simulator accepts
 * @returns {null | SignatureRejection} null when the signature is valid
 */
export function verifySignature(
  req,
  bodyBuffer,
  { accessKey, secretKey, securityToken, now = new Date(), maxSkewMs = DEFAULT_MAX_SKEW_MS }
) {
  const authorization = headerValue(req.headers, 'authorization')
  if (!authorization) return reject('Authorization header not found (expected SDK-HMAC-SHA256)')
  const auth = parseAuthorization(authorization)
  if (!auth) return reject('Authorization header is not a valid SDK-HMAC-SHA256 signature header')

  if (auth.access !== accessKey) return reject(`ak ${auth.access} not exist`)

  const date = headerValue(req.headers, 'x-sdk-date')
  if (!date) return reject('x-sdk-date not found')
  const signedAt = parseSdkDate(date)
  if (signedAt === null) return reject(`x-sdk-date '${date}' is not in the form YYYYMMDDTHHMMSSZ`)
  if (Math.abs(now.getTime() - signedAt) > maxSkewMs) {
    return reject(
      `x-sdk-date '${date}' expired: more than ${Math.round(maxSkewMs / 60000)} minutes from server time`
    )
  }

  const token = headerValue(req.headers, 'x-security-token')
  if (securityToken) {
    if (!token)
      return reject('x-security-token not found (temporary credentials need their security token)')
    if (token !== securityToken)
      return reject('x-security-token does not belong to this access key')
  }

  // Stricter than the gateway needs: a client that sends these headers unsigned is a bug here.
  const required = ['host', 'x-sdk-date']
  if (token !== undefined) required.push('x-security-token')
  if (headerValue(req.headers, 'x-project-id') !== undefined) required.push('x-project-id')
  const missing = required.filter((name) => !auth.signedHeaders.includes(name))
  if (missing.length > 0)
    return reject(`required signed headers missing from SignedHeaders: ${missing.join(', ')}`)

  const lines = []
  for (const name of auth.signedHeaders) {
    const value = headerValue(req.headers, name)
    if (value === undefined) return reject(`signed header '${name}' is not in the request`)
    lines.push(name + ':' + value.trim() + '\n')
  }

  const target = req.url ?? '/'
  const q = target.indexOf('?')
  const rawPath = q === -1 ? target : target.slice(0, q)
  const rawQuery = q === -1 ? '' : target.slice(q + 1)
  const bodyHash = createHash('sha256')
    .update(bodyBuffer ?? Buffer.alloc(0))
    .digest('hex')

  const canonical = [
    (req.method ?? 'GET').toUpperCase(),
    canonicalPath(rawPath),
    canonicalQueryFromRaw(rawQuery),
    lines.join(''),
    auth.signedHeaders.join(';'),
    bodyHash
  ].join('\n')
  const digest = createHash('sha256').update(canonical, 'utf8').digest('hex')
  const expected = createHmac('sha256', secretKey)
    .update(['SDK-HMAC-SHA256', date, digest].join('\n'), 'utf8')
    .digest()

  const given = Buffer.from(auth.signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return reject('verify aksk signature fail')
  }
  return null
}
