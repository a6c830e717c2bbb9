// @ts-check

/**
 * An error answer: HTTP status plus the `{error_code, error_msg}` body the API sends.
 *
 * @typedef {object} ApiError
 * @property {number} status
 * @property {string} error_code
 * @property {string} error_msg
 */

/**
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @returns {ApiError}
 */
const apiError = (status, code, message) => ({ status, error_code: code, error_msg: message })

// Codes and wordings follow the API notes; the gateway ones (APIGW.*) follow the published
// API Gateway error table, the CodeArts ones are the notes' codes with plausible messages.
export const ERRORS = Object.freeze({
  routeNotFound: apiError(
    404,
    'APIGW.0101',
    'The API does not exist or has not been published in the environment'
  ),
  routeNotFoundApig: apiError(
    404,
    'APIG.0101',
    'The API does not exist or has not been published in the environment'
  ),
  urlNotFound: apiError(404, 'CB.00060214', 'URL not found'),
  tokenMissing: apiError(
    401,
    'APIGW.0301',
    'Incorrect IAM authentication information: x-auth-token not found'
  ),
  tokenInvalid: apiError(
    401,
    'APIGW.0301',
    'Incorrect IAM authentication information: decrypt token fail'
  ),
  forbidden: apiError(
    403,
    'CB.00060403',
    'Insufficient permissions: you are not allowed to access this build task'
  ),
  jobNotFound: apiError(400, 'CB.00060201', 'The job does not exist'),
  recordNotFound: apiError(422, 'CB.00031006', 'The record does not exist'),
  recordNotYet: apiError(422, 'DEVCB.00031006', 'The record does not exist'),
  gatewayThrottled: apiError(
    429,
    'APIGW.0308',
    'The throttling threshold has been reached: policy user over ratelimit, limit:20, time:1 minute'
  ),
  gatewayThrottledApig: apiError(
    429,
    'APIG.0308',
    'The throttling threshold has been reached: policy user over ratelimit, limit:20, time:1 minute'
  ),
  tooManyRequests: apiError(500, 'CB.00060211', 'Too many requests, please try again later'),
  networkBusy: apiError(500, 'CB.00060100', 'The network is busy, please try again later'),
  internal: apiError(500, 'CB.00060000', 'System error'),
  unavailable: apiError(503, 'APIGW.0201', 'Request failed: service unavailable'),
  neverRan: apiError(500, 'CB.00030004', 'Failed to query the build log')
})

/**
 * An error_msg that a client writing it to a workflow log unescaped would turn into workflow
 * commands: a mask, a group, an error annotation.
 */
export const WORKFLOW_COMMANDS_MESSAGE = 'x\n::add-mask::y\n##[group]z\n::error title=t::w\r\nend'

/**
 * 400 `CB.00060200` naming the bad parameter, as the service does.
 *
 * @param {string} name
 * @param {unknown} value
 * @returns {ApiError}
 */
export function invalidParameter(name, value) {
  return apiError(400, 'CB.00060200', `Invalid parameter: ${name}=${JSON.stringify(value ?? null)}`)
}

/**
 * @param {ApiError} error
 * @returns {{ error_code: string, error_msg: string }}
 */
export function errorBody(error) {
  return { error_code: error.error_code, error_msg: error.error_msg }
}
