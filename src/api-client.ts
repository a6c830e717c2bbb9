import * as http from 'node:http'
import { HttpClient, HttpClientResponse } from '@actions/http-client'
import { Authenticator } from './auth.js'
import { splitLogAnswer } from './log-answer.js'
import {
  ApiError,
  classifyFailure,
  ErrorBody,
  parseRetryAfterMs,
  transientFailure
} from './api-errors.js'

export interface ClientOptions {
  /** Base URL without trailing slash. */
  readonly endpoint: string
  readonly jobId: string
  readonly authenticate: Authenticator
  /** Whole-request limit, body included: a silent server must not hold the action forever. */
  readonly requestTimeoutMs: number
  readonly userAgent: string
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
  /** Where the answer's content starts (`current_offset`), when the answer says. */
  readonly startOffset?: string
}

/** The answer to starting a build. */
export interface StartedBuild {
  readonly buildNo: number
  /** e.g. 20261128.3: for display only. */
  readonly dailyBuildNo: string
}

/** What the API says of the job as a whole (the per-job question). */
export interface JobStatus {
  readonly lastBuildNo: number | undefined
  readonly running: boolean | undefined
}

export interface BuildInfo {
  readonly building: boolean
  /** The server's own word for the result, e.g. SUCCESS, FAILURE, ABORTED; empty while running. */
  readonly buildResult: string
}

type Json = Record<string, unknown>

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

/** Reads the whole body; rejects when the connection ends before the body does. */
function readBody(response: HttpClientResponse): Promise<Buffer> {
  const message: http.IncomingMessage = response.message
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    message.on('data', (part: Buffer) => parts.push(part))
    message.on('end', () => resolve(Buffer.concat(parts)))
    message.on('error', reject)
    message.on('close', () => {
      if (!message.complete) reject(new Error('connection closed before the answer was complete'))
    })
  })
}

/** The only module that speaks HTTP. Every failure becomes an ApiError with its meaning. */
export class CodeArtsClient {
  private http: HttpClient

  constructor(private readonly options: ClientOptions) {
    this.http = this.newHttpClient()
  }

  private newHttpClient(): HttpClient {
    // Redirects are refused: following one would hand the credentials to another host.
    return new HttpClient(this.options.userAgent, [], {
      allowRedirects: false,
      allowRetries: false,
      keepAlive: true,
      socketTimeout: this.options.requestTimeoutMs
    })
  }

  /** Reads the log from `offset`; `length` is a wish, the server may send less. */
  async readLog(
    buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    const url = `${this.jobPath('v3/jobs')}/${buildNo}/real-time-log?offset=${offset}&length=${length}`
    const what = 'reading the build log'
    const { response, body } = await this.exchange('GET', url, what, signal)
    const status = response.message.statusCode ?? 0
    // The usual answer is read without making its content one big string (see log-answer.ts);
    // anything else (an error, an odd shape) is read whole.
    const split = status === 200 ? splitLogAnswer(body) : undefined
    const envelope = this.interpret(what, response, split?.envelope ?? parseJsonBody(body))
    const result = isObject(envelope.result) ? envelope.result : undefined
    const nextOffset = asCursor(result?.offset)
    const hasMoreData = asBoolean(result?.has_more_data)
    const content = result?.content ?? ''
    if (
      !result ||
      nextOffset === undefined ||
      hasMoreData === undefined ||
      typeof content !== 'string'
    ) {
      throw transientFailure(what, 'it lacks result.offset, result.has_more_data or result.content')
    }
    const startOffset = asCursor(result.current_offset)
    if (split) {
      const { hasContent, pieces } = split
      return { hasContent, pieces, nextOffset, hasMoreData, startOffset }
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
   * Whether the job exists, its last build number and whether it runs. A minimal form: the
   * current route, then the legacy one when the current one is not published.
   */
  async getJobStatus(signal?: AbortSignal): Promise<JobStatus> {
    const what = 'the job status request'
    try {
      const body = await this.call('GET', `${this.jobPath('v1/job')}/running-status`, what, signal)
      const result = isObject(body.result) ? body.result : {}
      const last = Number(asCursor(result.last_build_no) ?? NaN)
      return {
        lastBuildNo: Number.isSafeInteger(last) ? last : undefined,
        running: asBoolean(result.is_running)
      }
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
      const body = await this.call('GET', `${this.jobPath('v3/jobs')}/status`, what, signal)
      return { lastBuildNo: undefined, running: asBoolean(body.result) }
    }
  }

  /**
   * Starts a build of the job. The current route first, the legacy one when the current one is
   * not published. Starting is not idempotent: callers retry only failures that
   * `neverReachedServer` marks as safe.
   */
  async startBuild(body: Record<string, unknown>, signal?: AbortSignal): Promise<StartedBuild> {
    const payload = JSON.stringify({ job_id: this.options.jobId, ...body })
    let answer: Json
    try {
      answer = await this.call(
        'POST',
        `${this.options.endpoint}/v1/job/execute`,
        'starting the build',
        signal,
        payload
      )
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
      answer = await this.call(
        'POST',
        `${this.options.endpoint}/v3/jobs/build`,
        'starting the build',
        signal,
        payload
      )
    }
    const result = isObject(answer.result) ? answer.result : answer
    const buildNo = Number(asCursor(result.actual_build_number) ?? NaN)
    if (!Number.isSafeInteger(buildNo) || buildNo < 1) {
      // The build may well have started: say so rather than start another.
      throw new ApiError(
        'CodeArts accepted the start request but its answer has no actual_build_number; the build may have started. Check the task in CodeArts before running this step again.',
        'fatal',
        200,
        undefined
      )
    }
    const daily = result.daily_build_number
    return {
      buildNo,
      dailyBuildNo: typeof daily === 'string' || typeof daily === 'number' ? String(daily) : ''
    }
  }

  /** Asks CodeArts to stop the build (the current route, then the legacy one). */
  async stopBuild(buildNo: number, signal?: AbortSignal): Promise<void> {
    const payload = JSON.stringify({ build_no: buildNo })
    try {
      await this.call(
        'POST',
        `${this.jobPath('v1/job')}/stop?build_no=${buildNo}`,
        'stopping the build',
        signal,
        payload
      )
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
      await this.call(
        'POST',
        `${this.jobPath('v3/jobs')}/${buildNo}/stop`,
        'stopping the build',
        signal,
        payload
      )
    }
  }

  /** Releases kept-alive connections so the process can end. */
  dispose(): void {
    this.http.dispose()
  }

  private jobPath(prefix: string): string {
    return `${this.options.endpoint}/${prefix}/${this.options.jobId}`
  }

  /** One request with a deadline on the whole exchange; resolves to the answer's JSON object. */
  /** One request answered with JSON: the answer's object, or an ApiError with its meaning. */
  private async call(
    method: string,
    url: string,
    what: string,
    signal?: AbortSignal,
    payload = ''
  ): Promise<Json> {
    const { response, body } = await this.exchange(method, url, what, signal, payload)
    return this.interpret(what, response, parseJsonBody(body))
  }

  /** One request with a deadline on the whole exchange, body included. */
  private async exchange(
    method: string,
    url: string,
    what: string,
    signal?: AbortSignal,
    payload = ''
  ): Promise<{ response: HttpClientResponse; body: Buffer }> {
    signal?.throwIfAborted()
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (payload) headers['Content-Type'] = 'application/json;charset=UTF-8'
    Object.assign(headers, this.options.authenticate({ method, url, headers, body: payload }))

    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const exchange = (async () => {
      const response = await this.http.request(method, url, payload || null, headers)
      return { response, body: await readBody(response) }
    })()
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The exchange may still hold a socket: drop the pool so nothing lingers.
        this.http.dispose()
        this.http = this.newHttpClient()
        reject(
          transientFailure(
            what,
            `no complete answer within ${this.options.requestTimeoutMs} ms`,
            false,
            true
          )
        )
      }, this.options.requestTimeoutMs)
      onAbort = () => reject(signal?.reason)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
    exchange.catch(() => undefined) // settled by the race below; avoid an unhandled rejection
    try {
      return await Promise.race([exchange, stop]).catch((error: unknown) => {
        if (error instanceof ApiError || signal?.aborted) throw error
        const code = (error as NodeJS.ErrnoException).code
        const reason = error instanceof Error ? error.message : String(error)
        throw transientFailure(what, reason, code !== undefined && NEVER_CONNECTED_CODES.has(code))
      })
    } finally {
      clearTimeout(timer)
      if (onAbort) signal?.removeEventListener('abort', onAbort)
    }
  }

  /** The answer's object, or the ApiError its status and error fields stand for. */
  private interpret(what: string, response: HttpClientResponse, body: Json | undefined): Json {
    const status = response.message.statusCode ?? 0
    if (status >= 200 && status < 300) {
      if (!body) throw transientFailure(what, `HTTP ${status} with a body that is not JSON`)
      const fields = errorFields(body)
      // Errors also arrive with HTTP 200: an error code, or status "fail".
      if (fields.errorCode || body.status === 'fail') {
        return this.fail(what, status === 200 ? 500 : status, fields, response)
      }
      return body
    }
    return this.fail(what, status, body ? errorFields(body) : {}, response)
  }

  private fail(
    what: string,
    status: number,
    fields: ErrorBody,
    response: HttpClientResponse
  ): never {
    const retryAfter = response.message.headers['retry-after']
    throw classifyFailure(what, status, fields, parseRetryAfterMs(retryAfter, Date.now()))
  }
}
