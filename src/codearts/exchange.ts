import { HttpClient } from '@actions/http-client'
import { errorFields, Json, looksLikeJson, parseJsonBody } from './answers.js'
import type { Authenticator } from './auth.js'
import type { BodyPool } from './body-pool.js'
import { classifyFailure, ErrorBody, parseRetryAfterMs, transientFailure } from './errors.js'
import { ExchangeFailure, HttpAnswer, sendRequest } from './http.js'
import { sleep } from './sleep.js'
import {
  describeNonJsonAnswer,
  isUntrustedCertificate,
  NON_JSON_ANSWERS_BEFORE_GIVING_UP,
  unresolvableHostError,
  untrustedCertificateError,
  notTheApiError
} from './transport-errors.js'

/** How requests are signed and sent; the part of the client's options this module uses. */
export interface ExchangeOptions {
  /** Base URL without trailing slash: named when its answers are not the API's. */
  readonly endpoint: string
  readonly authenticate: Authenticator
  /** Idle limit of a request: no answer, or no further byte of its body, for this long ends it. */
  readonly requestTimeoutMs: number
  readonly userAgent: string
  /** Pause between the tries of a host name that does not resolve; default 1000 ms. */
  readonly dnsRetryDelayMs?: number
}

/** One signed request to send. */
export interface ApiRequest {
  readonly method: string
  readonly url: string
  /** Names the call in messages, e.g. "reading the build log". */
  readonly what: string
  readonly signal?: AbortSignal
  /** The JSON body; empty for none. */
  readonly payload?: string
  /** Idempotent calls only: a connection reset before any answer is sent once more. */
  readonly resendAfterReset?: boolean
  /** Reads the answer's body into this pool's memory (see HttpAnswer.release). */
  readonly bodyPool?: BodyPool
}

/** Tries of a host name that does not resolve before it is taken as wrong (DNS can blip). */
const DNS_TRIES = 3

/** Network errors that happen before any byte of the request left this machine. */
const NEVER_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH'
])

/**
 * Sends signed requests to one endpoint and turns every failure into an ApiError with its
 * meaning. It keeps what one answer alone cannot tell: whether the endpoint ever answered JSON
 * (then a web page is a passing hiccup, else a streak of them means it is not the API) and how
 * many lookups in a row found no such host (the log and status calls share the host).
 */
export class ApiExchange {
  private readonly pool: HttpClient
  private jsonSeen = false
  private nonJsonInARow = 0
  private hostNotFoundInARow = 0

  constructor(private readonly options: ExchangeOptions) {
    // Used for its connection pool only, which also honours the runner's proxy settings.
    this.pool = new HttpClient(options.userAgent, [], { keepAlive: true })
  }

  /** One request answered with JSON: the answer's object, or an ApiError with its meaning. */
  async call(request: ApiRequest): Promise<Json> {
    const answer = await this.exchange(request)
    return this.interpret(request.what, answer, this.parseJson(answer))
  }

  /**
   * One request under the idle limit. A host name that does not resolve is tried again after a
   * pause (DNS can blip) before it is fatal; an untrusted certificate is fatal at once.
   */
  async exchange(request: ApiRequest): Promise<HttpAnswer> {
    const { method, url, signal } = request
    const payload = request.payload ?? ''
    const target = new URL(url)
    let resets = 0
    let renewed = false
    for (;;) {
      const headers: Record<string, string> = { Accept: 'application/json' }
      if (payload) headers['Content-Type'] = 'application/json;charset=UTF-8'
      const auth = await this.options.authenticate({ method, url, headers, body: payload })
      Object.assign(headers, auth)
      headers['User-Agent'] = this.options.userAgent
      if (this.hostNotFoundInARow >= DNS_TRIES) {
        throw unresolvableHostError(target.hostname, 'ENOTFOUND')
      }
      try {
        const answer = await sendRequest({
          method,
          url: target,
          headers,
          payload,
          agent: this.pool.getAgent(url),
          idleTimeoutMs: this.options.requestTimeoutMs,
          signal,
          bodyPool: request.bodyPool
        })
        this.hostNotFoundInARow = 0
        // Credentials that expire get one renewal when refused; the request is sent again.
        const renew = this.options.authenticate.renewAfterRejection
        if (
          answer.status === 401 &&
          !renewed &&
          renew &&
          (await renewOrRelease(renew, auth, answer))
        ) {
          renewed = true
          answer.release?.()
          continue
        }
        return answer
      } catch (error) {
        if (signal?.aborted || !(error instanceof ExchangeFailure)) throw error
        if (error.code === 'ENOTFOUND') {
          this.hostNotFoundInARow++
          if (this.hostNotFoundInARow >= DNS_TRIES) {
            throw unresolvableHostError(target.hostname, error.code)
          }
          await sleep(this.options.dnsRetryDelayMs ?? 1000, signal)
          continue
        }
        if (isUntrustedCertificate(error.code)) {
          throw untrustedCertificateError(target.host, error.code as string, error.message)
        }
        const reset =
          !error.answered && (error.code === 'ECONNRESET' || /hang up/i.test(error.message))
        if (request.resendAfterReset && reset && resets === 0) {
          resets++
          continue
        }
        throw transientFailure(
          request.what,
          error.message,
          error.code !== undefined && NEVER_CONNECTED_CODES.has(error.code),
          error.timedOut
        )
      }
    }
  }

  /** The answer's JSON object; counts answers that are not JSON at all (a web page, say). */
  parseJson(answer: HttpAnswer): Json | undefined {
    const body = parseJsonBody(answer.body)
    if (body || looksLikeJson(answer.body)) {
      this.jsonSeen = true
      this.nonJsonInARow = 0
      return body
    }
    this.nonJsonInARow++
    if (!this.jsonSeen && this.nonJsonInARow >= NON_JSON_ANSWERS_BEFORE_GIVING_UP) {
      throw notTheApiError(
        new URL(this.options.endpoint).host,
        this.nonJsonInARow,
        describeNonJsonAnswer(answer)
      )
    }
    return undefined
  }

  /** The answer's object, or the ApiError its status and error fields stand for. */
  interpret(what: string, answer: HttpAnswer, body: Json | undefined): Json {
    if (body) {
      this.jsonSeen = true
      this.nonJsonInARow = 0
    }
    const status = answer.status
    if (status >= 200 && status < 300) {
      if (!body) throw transientFailure(what, `HTTP ${status} with a body that is not JSON`)
      const fields = errorFields(body)
      // Errors also arrive with HTTP 200: an error code, or status "fail". They are retried
      // as a 500 would be, and told as what they are.
      if (fields.errorCode || body.status === 'fail') {
        const told: ErrorBody = {
          ...fields,
          sentStatus: status,
          status: typeof body.status === 'string' ? body.status : undefined
        }
        return fail(what, status === 200 ? 500 : status, told, answer)
      }
      return body
    }
    return fail(what, status, body ? errorFields(body) : {}, answer)
  }

  /** Releases kept-alive connections, and ends a sign-in on its way, so the process can end. */
  dispose(): void {
    this.pool.dispose()
    this.options.authenticate.dispose?.()
  }
}

function fail(what: string, status: number, fields: ErrorBody, answer: HttpAnswer): never {
  const retryAfter = answer.headers['retry-after']
  throw classifyFailure(what, status, fields, parseRetryAfterMs(retryAfter, Date.now()))
}

/** Asks for new credentials after a 401; a renewal that fails gives the answer's memory back first. */
async function renewOrRelease(
  renew: NonNullable<Authenticator['renewAfterRejection']>,
  refused: Readonly<Record<string, string>>,
  answer: HttpAnswer
): Promise<boolean> {
  try {
    return await renew(refused)
  } catch (error) {
    answer.release?.()
    throw error
  }
}
