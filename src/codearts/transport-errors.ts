import { clip, ELLIPSIS } from '../text/glyphs.js'
import { ApiError } from './errors.js'
import type { HttpAnswer } from './http.js'

/**
 * Failures of the connection itself that no retry can heal, as fatal ApiErrors whose message
 * names the cause and the input to change.
 */

/** Node's codes for a certificate chain it does not trust or a certificate that does not fit. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

/**
 * Answers that are not JSON, in a row, from an endpoint that never answered JSON, before it is
 * taken as not the API. One web page (a gateway's 502) during a good run stays a hiccup; four
 * in a row from the very start are a portal, a login page or another service.
 */
export const NON_JSON_ANSWERS_BEFORE_GIVING_UP = 4

/** The most characters of a foreign body quoted in a message. */
const QUOTED_BODY_CHARS = 60

export function isUntrustedCertificate(code: string | undefined): boolean {
  return code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code)
}

/** The endpoint's certificate is not trusted: how to add its CA, never how to skip the check. */
export function untrustedCertificateError(host: string, code: string, reason: string): ApiError {
  return new ApiError({
    message: `The TLS certificate of ${host} is not trusted (${code}: ${reason}). If the endpoint is served with a certificate of a private or corporate CA, give that CA to Node.js: add 'env: NODE_EXTRA_CA_CERTS: <path to the CA's PEM file>' to this step. Otherwise check the 'endpoint' and 'region' inputs: ${host} may not be the CodeArts Build API.`,
    kind: 'fatal'
  })
}

/** The host name does not exist: most often a typo in 'region' or 'endpoint'. */
export function unresolvableHostError(hostname: string, code: string): ApiError {
  return new ApiError({
    message: `The host name ${hostname} does not resolve (${code}). Check the 'region' input (a typo such as 'cn-nrth-4' gives a host that does not exist) and the 'endpoint' input (leave it empty to use the region's default).`,
    kind: 'fatal',
    neverReachedServer: true
  })
}

/**
 * Remote text cut to at most `max` characters without cutting a word: the part of a word past
 * the cut goes with it. The quoted text is redacted later, when the message is written, and a
 * secret (a token, a key: no spaces) cut in two would escape that redaction in part; a secret
 * is either quoted whole, and then redacted, or not at all.
 */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text
  const kept = text.slice(0, max + 1)
  const lastSpace = kept.lastIndexOf(' ')
  return clip(lastSpace === -1 ? '' : kept.slice(0, lastSpace).trimEnd(), max)
}

/** Control characters and backticks could break the line or the Markdown around it. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f`]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Content type and first characters of an answer, quoted on one line with no markup. */
export function describeNonJsonAnswer(answer: HttpAnswer): string {
  const type = String(answer.headers['content-type'] ?? 'no content type')
  // The whole body (within the answer limit; told once, at the end): any shorter slice would be
  // a cut of its own, and a word that crosses the cut is dropped whole (cutAtWord).
  const start = oneLine(answer.body.toString('utf8'))
  const cut = cutAtWord(start, QUOTED_BODY_CHARS)
  const quoted = (cut === '' && start !== '' ? ELLIPSIS : cut) || '(empty)'
  return `HTTP ${answer.status}, ${cutAtWord(oneLine(type), 80) || ELLIPSIS}, starting "${quoted.replace(/"/g, "'")}"`
}

/** Every answer so far was a web page or other non-JSON: the endpoint is not the API. */
export function notTheApiError(host: string, count: number, lastAnswer: string): ApiError {
  return new ApiError({
    message: `The endpoint ${host} is not the CodeArts Build API: its last ${count} answers were not JSON (${lastAnswer}). Check the 'endpoint' input (leave it empty to use the region's default, https://cloudbuild-ext.<region>.myhuaweicloud.com) and the 'region' input.`,
    kind: 'fatal'
  })
}
