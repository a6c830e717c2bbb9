/**
 * What a failed call means for the caller:
 * - transient: try again later (network, 5xx, throttling, unreadable answers);
 * - not-found: the job or build record does not exist yet; wait for it;
 * - route-missing: this region does not publish the route; use a fallback;
 * - unauthorized: the credentials were refused (401); never sent again as they are: five
 *   failed signatures lock an access key for five minutes. A renewable credential (a token
 *   from a keyless sign-in) may be renewed once and the call sent once more;
 * - fatal: trying again cannot help (permissions, bad job ID, redirects).
 */
export type FailureKind = 'transient' | 'not-found' | 'route-missing' | 'unauthorized' | 'fatal'

/** What an ApiError is made of; only `message` and `kind` are always known. */
export interface ApiErrorFields {
  readonly message: string
  readonly kind: FailureKind
  /** The status the answer is classified as; none when no answer came. */
  readonly httpStatus?: number
  readonly errorCode?: string
  /** How long the server asked us to wait (Retry-After). */
  readonly retryAfterMs?: number
  /** The server surely did not act on the request: safe to repeat even a start. */
  readonly neverReachedServer?: boolean
  /** No answer, or no further byte of it, came in time. */
  readonly timedOut?: boolean
}

/** A failed API call, its meaning and, for throttling, how long the server asked us to wait. */
export class ApiError extends Error {
  readonly kind: FailureKind
  readonly httpStatus: number | undefined
  readonly errorCode: string | undefined
  readonly retryAfterMs: number | undefined
  /** The server surely did not act on the request: safe to repeat even a start. */
  readonly neverReachedServer: boolean
  /** No answer, or no further byte of it, came in time. */
  readonly timedOut: boolean | undefined

  constructor(fields: ApiErrorFields) {
    super(fields.message)
    this.name = 'ApiError'
    this.kind = fields.kind
    this.httpStatus = fields.httpStatus
    this.errorCode = fields.errorCode
    this.retryAfterMs = fields.retryAfterMs
    this.neverReachedServer = fields.neverReachedServer ?? false
    this.timedOut = fields.timedOut
  }
}

/** How the server answered, for a message: `HTTP 404 APIGW.0101`. */
export function describeAnswer(error: ApiError): string {
  return [error.httpStatus === undefined ? undefined : `HTTP ${error.httpStatus}`, error.errorCode]
    .filter(Boolean)
    .join(' ')
}

/** The error fields of an answer body, whichever of the documented shapes it has. */
export interface ErrorBody {
  readonly errorCode?: string
  readonly errorMessage?: string
  /**
   * The HTTP status the server actually sent, when it differs from the one the answer is
   * classified as (an HTTP 200 carrying an error is classified as a 500).
   */
  readonly sentStatus?: number
  /** The answer's own `status` field, e.g. "fail". */
  readonly status?: string
}

/** Throttling, in the gateway's spellings and the service's own (which comes as HTTP 500). */
/** Codes the API gateway and CodeArts answer when the quota is spent. */
const THROTTLING_CODES = new Set(['CB.00060100', 'CB.00060211', 'APIGW.0308', 'APIG.0308'])

/** Whether a failure says the quota is spent, in any of its spellings (retried, and paced). */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return (
    error.httpStatus === 429 ||
    (error.errorCode !== undefined && THROTTLING_CODES.has(error.errorCode))
  )
}
const RECORD_MISSING_CODES = new Set(['CB.00031006', 'DEVCB.00031006'])
const INVALID_JOB_CODES = new Set(['CB.00060201'])
/** A route that is not there: the gateway's "not published" and the service's "URL not found". */
const ROUTE_MISSING_CODES = new Set(['APIGW.0101', 'APIG.0101', 'CB.00060214'])

/** The advice of an error that ends the follow because no route answers the call. */
const ROUTE_MISSING_ADVICE =
  "This API route is not there at the endpoint in use: check the 'region' and 'endpoint' inputs (the endpoint must be the CodeArts Build endpoint of the region that holds the job)."

function describe(status: number | undefined, body: ErrorBody): string {
  // An error inside a successful answer is told as such: "HTTP 200 with status fail, CB.xxx".
  const sentOther = body.sentStatus !== undefined && body.sentStatus !== status
  const head = sentOther
    ? [
        `HTTP ${body.sentStatus} with ${body.status === 'fail' ? 'status fail' : 'an error code'}`,
        body.errorCode
      ]
        .filter(Boolean)
        .join(', ')
    : [status === undefined ? undefined : `HTTP ${status}`, body.errorCode]
        .filter(Boolean)
        .join(' ')
  return body.errorMessage ? `${head}: ${body.errorMessage}` : head
}

/**
 * Classifies an error answer. `what` names the call for the message, e.g. "reading the log".
 * The advice in each message is what a user can do about it.
 */
export function classifyFailure(
  what: string,
  httpStatus: number,
  body: ErrorBody,
  retryAfterMs?: number
): ApiError {
  const code = body.errorCode
  const detail = describe(httpStatus, body)
  // 429 and 503 are the server declining the request before acting on it: even a start
  // request answered so may be sent again.
  const declined = httpStatus === 429 || httpStatus === 503
  const make = (kind: FailureKind, advice: string): ApiError =>
    new ApiError({
      message: `CodeArts refused ${what} (${detail}). ${advice}`.trim(),
      kind,
      httpStatus,
      errorCode: code,
      retryAfterMs,
      neverReachedServer: declined
    })

  if (code && THROTTLING_CODES.has(code)) return make('transient', '')
  if (httpStatus === 404 && code && ROUTE_MISSING_CODES.has(code)) {
    return make('route-missing', ROUTE_MISSING_ADVICE)
  }
  if (code && RECORD_MISSING_CODES.has(code)) return make('not-found', '')
  if (code && INVALID_JOB_CODES.has(code)) {
    return make(
      'fatal',
      "Check the 'job-id' input: it must be the ID of an existing build task in the project the token is scoped to."
    )
  }
  if (httpStatus === 401) {
    return make(
      'unauthorized',
      "They are not sent again: API Gateway locks an access key for five minutes after five failed signatures, so wait five minutes before a rerun. Check the credentials: an IAM token ('token') may be invalid, expired (tokens live 24 hours) or scoped to a domain instead of the project that owns the build task; an access key pair ('access-key', 'secret-key') may be wrong, or the runner's clock more than 15 minutes off."
    )
  }
  if (httpStatus === 403) {
    // 403 is not only "no permission" (CB.00031059 is "no build history"): the server's own
    // message, quoted in the detail, says which.
    return make(
      'fatal',
      body.errorMessage
        ? 'If the reason is a permission, grant the user access to the build task in CodeArts.'
        : 'The credentials were accepted but this call was refused: the user may lack permission on the build task.'
    )
  }
  if (httpStatus === 404 || httpStatus === 422) return make('not-found', '')
  if (httpStatus === 429 || httpStatus >= 500) return make('transient', '')
  if (httpStatus >= 300 && httpStatus < 400) {
    return make(
      'fatal',
      "Redirects are not followed with credentials: set the 'endpoint' input to the final URL."
    )
  }
  return make('fatal', '')
}

/** A network-level failure or an unreadable answer: always worth another try. */
export function transientFailure(
  what: string,
  reason: string,
  neverReachedServer = false,
  timedOut = false
): ApiError {
  return new ApiError({
    message: `${what} failed: ${reason}`,
    kind: 'transient',
    neverReachedServer,
    timedOut: timedOut || undefined
  })
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `nowMs`. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const dateMs = Date.parse(trimmed)
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs)
}
