import { HttpClient } from '@actions/http-client'
import { Authenticator } from './auth.js'
import { splitLogAnswer } from './log-answer.js'
import {
  ApiError,
  classifyFailure,
  ErrorBody,
  parseRetryAfterMs,
  transientFailure
} from './errors.js'
import { ExchangeFailure, HttpAnswer, sendRequest } from './http.js'
import {
  describeNonJsonAnswer,
  isUntrustedCertificate,
  NON_JSON_ANSWERS_BEFORE_GIVING_UP,
  unresolvableHostError,
  untrustedCertificateError,
  notTheApiError
} from './transport-errors.js'

export interface ClientOptions {
  /** Base URL without trailing slash. */
  readonly endpoint: string
  readonly jobId: string
  readonly authenticate: Authenticator
  /**
   * Idle limit of a request: no answer, or no further byte of its body, for this long ends
   * it. A silent server must not hold the action forever; a slow one that keeps sending may.
   */
  readonly requestTimeoutMs: number
  readonly userAgent: string
  /** A one-line note for the user, e.g. which log route is in use. */
  readonly onNotice?: (message: string) => void
  /** Pause between the tries of a host name that does not resolve; default 1000 ms. */
  readonly dnsRetryDelayMs?: number
}

/** One answer of the real-time log: its content covers the old cursor up to `nextOffset`. */
export interface LogChunk {
  /** False when the answer carries no content. */
  readonly hasContent: boolean
  /** The content, in the order it was written, in pieces (iterate once). */
  readonly pieces: Iterable<string>
  /** Sent back verbatim on the next read: its unit (bytes or characters) is the server's. */
  readonly nextOffset: string
  readonly hasMoreData: boolean
  /** Where the server says this answer starts (v3 `current_offset`, v1 `start_offset`). */
  readonly startOffset?: string
}

/** The answer to starting a build. */
export interface StartedBuild {
  readonly buildNo: number
  /** e.g. 20261128.3: for display only. */
  readonly dailyBuildNo: string
}

export interface BuildInfo {
  readonly building: boolean
  /** The server's own word for the result, e.g. SUCCESS, FAILURE, ABORTED; empty while running. */
  readonly buildResult: string
}

/** What the job as a whole is doing: asked to tell an unknown job from a record not there yet. */
export interface JobStatus {
  readonly lastBuildNo: number | undefined
  readonly running: boolean | undefined
}

type Json = Record<string, unknown>

/** Which real-time-log route answers: v3 first; v1 once v3 is not published. */
type LogRoute = 'v3' | 'v1'

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

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJsonBody(body: Buffer): Json | undefined {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
    // Some gateways answer with the JSON document serialised once more as a string.
    if (typeof value === 'string') value = JSON.parse(value)
  } catch {
    return undefined
  }
  return isObject(value) ? value : undefined
}

function errorFields(body: Json): ErrorBody {
  const nested = isObject(body.error) ? body.error : {}
  const code = body.error_code ?? nested.error_code ?? nested.code
  const message = body.error_msg ?? nested.error_msg ?? nested.message
  return {
    errorCode: typeof code === 'string' && code ? code : undefined,
    // Not shortened here: a cut through an echoed secret would slip past redaction.
    errorMessage: typeof message === 'string' && message ? message : undefined
  }
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  return undefined
}

function asCursor(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  if (typeof value === 'string' && /^\d+$/.test(value)) return value
  return undefined
}

/** The only module that speaks HTTP. Every failure becomes an ApiError with its meaning. */
export class CodeArtsClient {
  private readonly pool: HttpClient
  private logRoute: LogRoute = 'v3'
  /** Whether this endpoint ever answered with JSON: then a web page is a passing hiccup. */
  private jsonSeen = false
  private nonJsonInARow = 0
  /** Lookups that found no such host, counted across calls: the log and status calls share a host. */
  private hostNotFoundInARow = 0

  constructor(private readonly options: ClientOptions) {
    // Used for its connection pool only, which also honours the runner's proxy settings.
    this.pool = new HttpClient(options.userAgent, [], { keepAlive: true })
  }

  /** Reads the log from `offset`; `length` is a wish, the server may send less. */
  async readLog(
    buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    if (this.logRoute === 'v3') {
      try {
        return await this.readLogV3(buildNo, offset, length, signal)
      } catch (error) {
        if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
        // Kept for the rest of the run: v3 is the outdated route and will not come back.
        this.logRoute = 'v1'
        this.options.onNotice?.(
          `The v3 real-time-log route is not published at ${this.host()} (${error.httpStatus} ${error.errorCode}); following the log through GET /v1/log/{job_id}/{build_no}/real-time-log.`
        )
      }
    }
    return this.readLogV1(buildNo, offset, length, signal)
  }

  private async readLogV3(
    buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    const url = `${this.jobPath('v3/jobs')}/${buildNo}/real-time-log?offset=${offset}&length=${length}`
    const what = 'reading the build log'
    const answer = await this.exchange('GET', url, what, signal)
    // The usual answer is read without making its content one big string (see log-answer.ts);
    // anything else (an error, an odd shape) is read whole.
    const split = answer.status === 200 ? splitLogAnswer(answer.body, 'content') : undefined
    const envelope = this.interpret(what, answer, split?.envelope ?? this.parseJson(answer))
    const result = isObject(envelope.result) ? envelope.result : undefined
    const nextOffset = asCursor(result?.offset)
    const hasMoreData = asBoolean(result?.has_more_data)
    const startOffset = asCursor(result?.current_offset)
    const content = result?.content ?? ''
    if (
      !result ||
      nextOffset === undefined ||
      hasMoreData === undefined ||
      typeof content !== 'string'
    ) {
      throw transientFailure(what, 'it lacks result.offset, result.has_more_data or result.content')
    }
    if (split) {
      return {
        hasContent: split.hasContent,
        pieces: split.pieces,
        nextOffset,
        hasMoreData,
        startOffset
      }
    }
    return {
      hasContent: content.length > 0,
      pieces: [content],
      nextOffset,
      hasMoreData,
      startOffset
    }
  }

  /**
   * The current log route. Its `end_offset` is an opaque cursor sent back as the next
   * `start_offset`. The `end_offset` query parameter is left out: its meaning is not
   * documented, and sending a guess could cap a read short of `size` or be refused, while
   * leaving it out asks for "from `start_offset`, at most `size`", which is all the follower
   * needs.
   */
  private async readLogV1(
    buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    const url = `${this.options.endpoint}/v1/log/${this.options.jobId}/${buildNo}/real-time-log?start_offset=${offset}&size=${length}`
    const what = 'reading the build log'
    const answer = await this.exchange('GET', url, what, signal)
    const split = answer.status === 200 ? splitLogAnswer(answer.body, 'log') : undefined
    const envelope = this.interpret(what, answer, split?.envelope ?? this.parseJson(answer))
    const result = isObject(envelope.result) ? envelope.result : undefined
    const nextOffset = asCursor(result?.end_offset)
    const hasMoreData = asBoolean(result?.has_more)
    const startOffset = asCursor(result?.start_offset)
    const content = result?.log ?? ''
    if (
      !result ||
      nextOffset === undefined ||
      hasMoreData === undefined ||
      typeof content !== 'string'
    ) {
      throw transientFailure(what, 'it lacks result.end_offset, result.has_more or result.log')
    }
    if (split) {
      return {
        hasContent: split.hasContent,
        pieces: split.pieces,
        nextOffset,
        hasMoreData,
        startOffset
      }
    }
    return {
      hasContent: content.length > 0,
      pieces: [content],
      nextOffset,
      hasMoreData,
      startOffset
    }
  }

  /** Whether the build still runs and how it ended. */
  async getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo> {
    const url = `${this.jobPath('v1/job')}/${buildNo}/build-info`
    const body = await this.call('GET', url, 'the build status request', signal)
    const result = isObject(body.result) ? body.result : undefined
    const building = asBoolean(result?.building)
    if (!result || building === undefined) {
      throw transientFailure('the build status request', 'it lacks result.building')
    }
    const buildResult = typeof result.build_result === 'string' ? result.build_result : ''
    return { building, buildResult }
  }

  /**
   * Whether the job runs and its last build number: the current route, then the legacy one
   * (which tells only whether it runs). An unknown job is answered 422 CB.00031006, the code
   * of a build record not there yet: asked of the job, it means the job is unknown.
   */
  async getJobStatus(signal?: AbortSignal): Promise<JobStatus> {
    const what = 'the job status request'
    const { answer, route } = await this.withLegacyFallback((current) =>
      current
        ? this.call('GET', `${this.jobPath('v1/job')}/running-status`, what, signal)
        : this.call('GET', `${this.jobPath('v3/jobs')}/status`, what, signal)
    )
    if (route === 'legacy') {
      const running = asBoolean(answer.result)
      if (running === undefined) throw transientFailure(what, 'its result is not true or false')
      return { running, lastBuildNo: undefined }
    }
    const result = isObject(answer.result) ? answer.result : undefined
    if (!result) throw transientFailure(what, 'it lacks result')
    const last = asCursor(result.last_build_no)
    return {
      running: asBoolean(result.is_running),
      lastBuildNo: last === undefined ? undefined : Number(last)
    }
  }

  /**
   * Starts a build of the job. The current route first, the legacy one when the current one is
   * not published. Starting is not idempotent: callers retry only failures that
   * `neverReachedServer` marks as safe.
   */
  async startBuild(body: Record<string, unknown>, signal?: AbortSignal): Promise<StartedBuild> {
    const payload = JSON.stringify({ job_id: this.options.jobId, ...body })
    const what = 'starting the build'
    const { answer } = await this.withLegacyFallback((current) =>
      this.call(
        'POST',
        `${this.options.endpoint}/${current ? 'v1/job/execute' : 'v3/jobs/build'}`,
        what,
        signal,
        payload
      )
    )
    const result = isObject(answer.result) ? answer.result : answer
    const buildNo = Number(asCursor(result.actual_build_number) ?? NaN)
    if (!Number.isSafeInteger(buildNo) || buildNo < 1) {
      // The build may well have started: say so rather than start another.
      throw new ApiError({
        message:
          'CodeArts accepted the start request but its answer has no actual_build_number; the build may have started. Check the task in CodeArts before running this step again.',
        kind: 'fatal',
        httpStatus: 200
      })
    }
    const daily = result.daily_build_number
    return {
      buildNo,
      dailyBuildNo: typeof daily === 'string' || typeof daily === 'number' ? String(daily) : ''
    }
  }

  /**
   * Asks CodeArts to stop the build (the current route, then the legacy one). Stopping is
   * idempotent, so a request whose connection was reset before any answer is sent once more.
   */
  async stopBuild(buildNo: number, signal?: AbortSignal): Promise<void> {
    const payload = JSON.stringify({ build_no: buildNo })
    const what = 'stopping the build'
    await this.withLegacyFallback((current) =>
      this.call(
        'POST',
        current
          ? `${this.jobPath('v1/job')}/stop?build_no=${buildNo}`
          : `${this.jobPath('v3/jobs')}/${buildNo}/stop`,
        what,
        signal,
        payload,
        true
      )
    )
  }

  /** Releases kept-alive connections so the process can end. */
  dispose(): void {
    this.pool.dispose()
  }

  /** Runs `send` on the current route; on the legacy one when the current one is not published. */
  private async withLegacyFallback<T>(
    send: (current: boolean) => Promise<T>
  ): Promise<{ answer: T; route: 'current' | 'legacy' }> {
    try {
      return { answer: await send(true), route: 'current' }
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
      return { answer: await send(false), route: 'legacy' }
    }
  }

  private host(): string {
    return new URL(this.options.endpoint).host
  }

  private jobPath(prefix: string): string {
    return `${this.options.endpoint}/${prefix}/${this.options.jobId}`
  }

  /** One request answered with JSON: the answer's object, or an ApiError with its meaning. */
  private async call(
    method: string,
    url: string,
    what: string,
    signal?: AbortSignal,
    payload = '',
    resendAfterReset = false
  ): Promise<Json> {
    const answer = await this.exchange(method, url, what, signal, payload, resendAfterReset)
    return this.interpret(what, answer, this.parseJson(answer))
  }

  /**
   * One request under the idle limit. A host name that does not resolve is tried again after a
   * pause (DNS can blip) before it is fatal; an untrusted certificate is fatal at once.
   */
  private async exchange(
    method: string,
    url: string,
    what: string,
    signal?: AbortSignal,
    payload = '',
    resendAfterReset = false
  ): Promise<HttpAnswer> {
    const target = new URL(url)
    let resets = 0
    for (;;) {
      const headers: Record<string, string> = { Accept: 'application/json' }
      if (payload) headers['Content-Type'] = 'application/json;charset=UTF-8'
      Object.assign(headers, this.options.authenticate({ method, url, headers, body: payload }))
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
          signal
        })
        this.hostNotFoundInARow = 0
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
        if (resendAfterReset && reset && resets === 0) {
          resets++
          continue
        }
        throw transientFailure(
          what,
          error.message,
          error.code !== undefined && NEVER_CONNECTED_CODES.has(error.code),
          error.timedOut
        )
      }
    }
  }

  /** The answer's JSON object; counts answers that are not JSON at all (a web page, say). */
  private parseJson(answer: HttpAnswer): Json | undefined {
    const body = parseJsonBody(answer.body)
    if (body || looksLikeJson(answer.body)) {
      this.jsonSeen = true
      this.nonJsonInARow = 0
      return body
    }
    this.nonJsonInARow++
    if (!this.jsonSeen && this.nonJsonInARow >= NON_JSON_ANSWERS_BEFORE_GIVING_UP) {
      throw notTheApiError(this.host(), this.nonJsonInARow, describeNonJsonAnswer(answer))
    }
    return undefined
  }

  /** The answer's object, or the ApiError its status and error fields stand for. */
  private interpret(what: string, answer: HttpAnswer, body: Json | undefined): Json {
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
        return this.fail(what, status === 200 ? 500 : status, told, answer)
      }
      return body
    }
    return this.fail(what, status, body ? errorFields(body) : {}, answer)
  }

  private fail(what: string, status: number, fields: ErrorBody, answer: HttpAnswer): never {
    const retryAfter = answer.headers['retry-after']
    throw classifyFailure(what, status, fields, parseRetryAfterMs(retryAfter, Date.now()))
  }
}

/** A JSON document that is not an object (an array, a number) still comes from an API. */
function looksLikeJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'))
    return true
  } catch {
    return false
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
