import type { Authenticator } from './auth.js'
import {
  asCursor,
  isObject,
  LogChunk,
  LogFieldNames,
  missingLogFields,
  toLogChunk,
  V1_LOG_FIELDS,
  V3_LOG_FIELDS
} from './answers.js'
import { BodyPool } from './body-pool.js'
import { ApiError, transientFailure } from './errors.js'
import { ApiExchange } from './exchange.js'
import { withLegacyFallback } from './legacy-fallback.js'
import { splitLogAnswer } from './log-answer.js'
import { BuildInfo, JobStatus, toBuildInfo, toJobStatus } from './status-answers.js'
import { V1_LOG_SIZE, v1LogRefused } from './route-errors.js'

export type { LogChunk } from './answers.js'

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

/** The answer to starting a build. */
export interface StartedBuild {
  readonly buildNo: number
  /** e.g. 20261128.3: for display only. */
  readonly dailyBuildNo: string
}

export type { BuildInfo, JobStatus } from './status-answers.js'

/** One read of the real-time log. */
interface LogRead {
  readonly buildNo: number
  readonly offset: string
  readonly length: number
  readonly signal?: AbortSignal
}

/**
 * The CodeArts Build calls the action makes, each on its current route and, where a region
 * does not publish it, on the legacy one. Requests go through ApiExchange, the only sender.
 */
export class CodeArtsClient {
  private readonly api: ApiExchange
  /** Once v3 is found missing it is not asked again: v3 is the outdated route, it won't return. */
  private v3LogMissing = false
  /** Log answers are read into reused memory: a few reads are in flight or in hand at once. */
  private readonly logBodies = new BodyPool()

  constructor(private readonly options: ClientOptions) {
    this.api = new ApiExchange(options)
  }

  /** Reads the log from `offset`; `length` is a wish, the server may send less. */
  async readLog(
    buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    const read: LogRead = { buildNo, offset, length, signal }
    const { answer } = await withLegacyFallback(
      (route) => (route === 'current' ? this.readLogV3(read) : this.readLogV1(read)),
      {
        skipCurrent: this.v3LogMissing,
        onFallback: (error) => {
          this.v3LogMissing = true
          this.options.onNotice?.(
            `The v3 real-time-log route is not published at ${this.host()} (${error.httpStatus} ${error.errorCode}); following the log through GET /v1/log/{job_id}/{build_no}/real-time-log.`
          )
        }
      }
    )
    return answer
  }

  private readLogV3(read: LogRead): Promise<LogChunk> {
    const url = `${this.jobPath('v3/jobs')}/${read.buildNo}/real-time-log?offset=${read.offset}&length=${read.length}`
    return this.readLogAt(url, V3_LOG_FIELDS, read.signal)
  }

  /**
   * The current log route. Its `end_offset` is an opaque cursor sent back as the next
   * `start_offset`. The `end_offset` query parameter is left out: its meaning is not
   * documented, and sending a guess could cap a read short or be refused. `size` is documented
   * as a string fixed at 1000, not a byte budget: it is always sent so, whatever `length` asks.
   * A 400 here means the route cannot be used this way, not a passing fault.
   */
  private async readLogV1(read: LogRead): Promise<LogChunk> {
    const url = `${this.options.endpoint}/v1/log/${this.options.jobId}/${read.buildNo}/real-time-log?start_offset=${read.offset}&size=${V1_LOG_SIZE}`
    try {
      return await this.readLogAt(url, V1_LOG_FIELDS, read.signal)
    } catch (error) {
      throw v1LogRefused(error, this.host())
    }
  }

  private async readLogAt(
    url: string,
    fields: LogFieldNames,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    const what = 'reading the build log'
    const bodyPool = this.logBodies
    const answer = await this.api.exchange({ method: 'GET', url, what, signal, bodyPool })
    const release = answer.release ?? (() => undefined)
    try {
      // The usual answer's content is decoded in place (see log-answer.ts); anything else is
      // read whole.
      const split = answer.status === 200 ? splitLogAnswer(answer.body, fields.content) : undefined
      const envelope = this.api.interpret(
        what,
        answer,
        split?.envelope ?? this.api.parseJson(answer)
      )
      const chunk = toLogChunk(envelope, fields, split, release)
      if (!chunk) throw transientFailure(what, missingLogFields(fields))
      return chunk
    } catch (error) {
      // No chunk leaves here: the memory goes back at once.
      release()
      throw error
    }
  }

  /** Whether the build still runs and how it ended. */
  async getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo> {
    const what = 'the build status request'
    const url = `${this.jobPath('v1/job')}/${buildNo}/build-info`
    return toBuildInfo(what, await this.api.call({ method: 'GET', url, what, signal }))
  }

  /**
   * Whether the job runs and its last build number: the current route, then the legacy one
   * (which tells only whether it runs). An unknown job is answered 422 CB.00031006, the code
   * of a build record not there yet: asked of the job, it means the job is unknown.
   */
  async getJobStatus(signal?: AbortSignal): Promise<JobStatus> {
    const what = 'the job status request'
    const { answer, route } = await withLegacyFallback((choice) => {
      const url =
        choice === 'current'
          ? `${this.jobPath('v1/job')}/running-status`
          : `${this.jobPath('v3/jobs')}/status`
      return this.api.call({ method: 'GET', url, what, signal })
    })
    return toJobStatus(what, answer, route === 'legacy')
  }

  /**
   * Starts a build of the job. The current route first, the legacy one when the current one is
   * not published. Starting is not idempotent: callers retry only failures that
   * `neverReachedServer` marks as safe.
   */
  async startBuild(body: Record<string, unknown>, signal?: AbortSignal): Promise<StartedBuild> {
    const payload = JSON.stringify({ job_id: this.options.jobId, ...body })
    const what = 'starting the build'
    const { answer } = await withLegacyFallback((choice) => {
      const path = choice === 'current' ? 'v1/job/execute' : 'v3/jobs/build'
      const url = `${this.options.endpoint}/${path}`
      return this.api.call({ method: 'POST', url, what, signal, payload })
    })
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
   * True only when the answer says the stop was taken: legacy `success: true`, v1
   * `status: "success"` (the legacy route answers HTTP 200 `success: false` when it stopped
   * nothing).
   */
  async stopBuild(buildNo: number, signal?: AbortSignal): Promise<boolean> {
    const payload = JSON.stringify({ build_no: buildNo })
    const what = 'stopping the build'
    const { answer } = await withLegacyFallback((choice) => {
      const url =
        choice === 'current'
          ? `${this.jobPath('v1/job')}/stop?build_no=${buildNo}`
          : `${this.jobPath('v3/jobs')}/${buildNo}/stop`
      return this.api.call({ method: 'POST', url, what, signal, payload, resendAfterReset: true })
    })
    return answer.success === true || answer.status === 'success'
  }

  /** Releases kept-alive connections so the process can end. */
  dispose(): void {
    this.api.dispose()
  }

  private host(): string {
    return new URL(this.options.endpoint).host
  }

  private jobPath(prefix: string): string {
    return `${this.options.endpoint}/${prefix}/${this.options.jobId}`
  }
}
