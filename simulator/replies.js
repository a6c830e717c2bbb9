// @ts-check
import { randomBytes } from 'node:crypto'
import { errorBody } from './errors.js'

/**
 * A response to write. `contentLength` lets a reply promise more bytes than it carries, and
 * `destroyAfterBody` then cuts the connection, as a proxy dying mid-answer would.
 *
 * @typedef {object} SendReply
 * @property {'send'} type
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {Buffer} body
 * @property {number} [contentLength] default body.length
 * @property {boolean} [destroyAfterBody]
 */

/** @typedef {{ type: 'reset' }} ResetReply the socket is reset, nothing is answered */
/** @typedef {{ type: 'hang', ms: number }} HangReply nothing is answered, the socket closes after ms */
/** @typedef {{ type: 'endless' }} EndlessReply a 200 JSON-looking body that never ends */
/** @typedef {SendReply | ResetReply | HangReply | EndlessReply} Reply */

const JSON_TYPE = 'application/json;charset=UTF-8'

/**
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 * @returns {SendReply}
 */
export function jsonReply(status, value, headers = {}) {
  return {
    type: 'send',
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: Buffer.from(JSON.stringify(value))
  }
}

/**
 * @param {number} status
 * @param {string | Buffer} body
 * @param {string} contentType
 * @returns {SendReply}
 */
export function rawReply(status, body, contentType) {
  return {
    type: 'send',
    status,
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? Buffer.from(body) : body
  }
}

/**
 * The error body; gateway errors also carry a `request_id` as API Gateway adds one.
 *
 * @param {import('./errors.js').ApiError} error
 * @param {Record<string, string>} [headers]
 * @returns {SendReply}
 */
export function errorReply(error, headers = {}) {
  const body = /^APIGW?\./.test(error.error_code)
    ? { ...errorBody(error), request_id: randomBytes(16).toString('hex') }
    : errorBody(error)
  return jsonReply(error.status, body, headers)
}

/**
 * The usual success envelope of CodeArts answers.
 *
 * @param {unknown} result
 * @returns {SendReply}
 */
export function successReply(result) {
  return jsonReply(200, { result, error: null, status: 'success' })
}

/**
 * What a web site or a cloud console's sign-in portal answers to any path: HTTP 200 and a
 * page, not the API's JSON.
 *
 * @returns {SendReply}
 */
export function portalPage() {
  return {
    type: 'send',
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=UTF-8' },
    body: Buffer.from(
      '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in - Huawei Cloud</title></head><body><form action="/login" method="post"><input name="user"></form></body></html>\n'
    )
  }
}
