import { ApiError, describeAnswer } from '../codearts/errors.js'
import { BuildInfo, JobStatus, LogChunk } from '../codearts/client.js'
import { backoffDelayMs, BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js'
import { ActionResult, classifyBuildResult, isKnownBuildResult } from '../build-log/build-result.js'
import { Clock, realClock } from './clock.js'
import { formatDuration } from '../workflow/duration.js'
import { SameErrorWatch } from './error-runs.js'

/** The calls the follower needs; CodeArtsClient provides them. */
export interface BuildApi {
  readLog(buildNo: number, offset: string, length: number, signal?: AbortSignal): Promise<LogChunk>
  getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo>
  /** The per-job question: tells an unknown job from a build record that is not there yet. */
  getJobStatus(signal?: AbortSignal): Promise<JobStatus>
}

/** What the follower reports to the rest of the action while it works. */
export interface FollowListener {
  /** New log text, in order, each byte once. Awaited: a slow consumer slows the reads. */
  onContent(content: string): void | Promise<void>
  /** A status line of the action's own (waiting, retrying, heartbeat). */
  onStatus(message: string): void
  /** Trouble worth a warning (shown once); a status line when not given. */
  onWarning?(message: string): void
  /** A detail for the debug log only. */
  onDebug(message: string): void
  /**
   * The result of the log's `Finished:` line, once one has been seen (asked only when the log
   * is caught up, so a last line without its newline may count). `logComplete`: the build is
   * over and the log drained, so a last line without newline is surely whole.
   */
  finishedLineResult(logComplete?: boolean): string | undefined
}

export interface FollowOptions {
  readonly buildNo: number
  readonly pollIntervalMs: number
  /** 0: no limit. */
  readonly timeoutMs: number
  /** Aborted when the workflow is cancelled. */
  readonly cancelSignal: AbortSignal
  /** For messages about the job: its ID and the API host. */
  readonly jobId?: string
  readonly host?: string
  /** This step started the build: its record is surely coming, however long it takes. */
  readonly startedByThisStep?: boolean
  /** The length asked of each log read; the server may send less. */
  readonly readLength?: number
  /** How often to ask whether the build is over while the log is quiet. */
  readonly statusIntervalMs?: number
  /** How long to wait, once the build is over, for a log that lacks its `Finished:` line. */
  readonly logSettleMs?: number
  /**
   * How long a caught-up log's `Finished:` line waits for the status call to agree before it
   * ends the follow on its own.
   */
  readonly finishedLinePatienceMs?: number
  /** How long a build number above the job's last one is waited for (not started here). */
  readonly newBuildGraceMs?: number
  /** After how long an unchanged error is worth a warning. */
  readonly sameErrorWarnMs?: number
  readonly heartbeatIntervalMs?: number
  readonly backoff?: BackoffPolicy
  readonly clock?: Clock
  readonly random?: () => number
}

export interface FollowOutcome {
  readonly result: ActionResult
  /** The server's own word (FAILURE, ABORTED…), when the build ended. */
  readonly serverResult?: string
  /** Where the result came from: the status call, or the log's `Finished:` line. */
  readonly resultSource?: 'status' | 'log'
  readonly elapsedMs: number
  /** Why the follow ended early, for timeout and cancel. */
  readonly note?: string
}

export const DEFAULT_READ_LENGTH = 1_000_000
/** The smallest length a slow link shrinks reads to: still a useful step forward. */
export const MIN_READ_LENGTH = 16 * 1024
const DEFAULT_STATUS_INTERVAL_MS = 10_000
const DEFAULT_LOG_SETTLE_MS = 15_000
const DEFAULT_FINISHED_LINE_PATIENCE_MS = 5000
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000
/** How long a build number above the job's last one is waited for when another step starts it. */
export const NEW_BUILD_GRACE_MS = 2 * 60_000
/** After how long a run of the same error is reported as a warning. */
export const SAME_ERROR_WARN_MS = 3 * 60_000
/** Status failures in a row before the one warning about them. */
const STATUS_FAILURES_BEFORE_WARNING = 3
/** Log-route codes seen for builds that never ran: with the status saying over, nothing will come. */
const NEVER_RAN_CODES = new Set(['CB.00030004'])

class DeadlineReached extends Error {}

/** The build is over but its log cannot be read: the follow ends with the status's result. */
class LogUnreadable extends Error {
  constructor(readonly cause: ApiError) {
    super(cause.message)
  }
}

/** The status call's end-of-build answer and when it came. */
interface EndSeen {
  readonly serverResult: string
  readonly observedAt: number
}

/** A log read on its way, and whether the build was known to be over when it was sent. */
interface PendingRead {
  readonly answer: Promise<LogChunk>
  readonly endedWhenSent: EndSeen | undefined
}

/** What the per-job question decided about a build record that is not there. */
type MissingRecordPlan =
  | { readonly kind: 'wait' }
  | { readonly kind: 'short-wait'; readonly lastBuildNo: number; readonly until: number }

/** Resolves when `promise` settles or after the current macrotask, whichever is first. */
function settledSoon(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setImmediate(resolve))])
}

/** BigInt of a digit-string cursor; undefined for a cursor that is not one (opaque). */
function cursorValue(cursor: string | undefined): bigint | undefined {
  return cursor !== undefined && /^\d+$/.test(cursor) ? BigInt(cursor) : undefined
}

/**
 * Follows one build's log to its end.
 *
 * The log is read with the server's own cursor. While it flows, the next read starts at once;
 * when caught up, the follower sleeps one poll interval. The status call runs beside the reads,
 * one at a time, and never holds a read back: its trouble (failures, odd answers) is retried at
 * its own pace and reported once. The build is over when, with the log drained, either the
 * status call says so (and a read sent after that answer is caught up, so nothing written
 * before the end is missed) or the log shows its `Finished: <RESULT>` line and the status call
 * cannot confirm (unavailable, failing, or silent for `finishedLinePatienceMs`).
 */
export class BuildFollower {
  private readonly clock: Clock
  private readonly random: () => number
  private readonly backoff: BackoffPolicy
  private readonly startedAt: number
  private readonly signal: AbortSignal
  private readonly deadlineController = new AbortController()
  /** Aborted when the status call meets a fatal error while a read is on its way. */
  private readonly fatalController = new AbortController()
  /** Aborted when the follow ends: a status call or a read still on its way is dropped. */
  private readonly doneController = new AbortController()
  private fatal: Error | undefined
  private deadlineTimer: NodeJS.Timeout | undefined
  private statusAvailable = true
  private statusInFlight: Promise<void> | undefined
  private nextStatusAt = -Infinity
  private statusFailuresInARow = 0
  private statusTroubleWarned = false
  /** The last status call failed: the log's `Finished:` line decides the end. */
  private statusFailing = false
  private ended: EndSeen | undefined
  private finishedSeenAt: number | undefined
  private lastContentAt: number
  private lastHeartbeatAt: number
  private bytesSeen = false
  private waitingReported = false
  private missingRecordPlan: MissingRecordPlan | undefined
  private readLength: number
  /** Runs of the same read error; the status call's trouble has its one warning instead. */
  private readonly logErrors: SameErrorWatch
  /** The server's cursor after the last successful read. */
  private cursor = '0'

  constructor(
    private readonly api: BuildApi,
    private readonly options: FollowOptions,
    private readonly listener: FollowListener
  ) {
    this.clock = options.clock ?? realClock
    this.random = options.random ?? Math.random
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.startedAt = this.clock.now()
    this.lastContentAt = this.startedAt
    this.lastHeartbeatAt = this.startedAt
    this.readLength = options.readLength ?? DEFAULT_READ_LENGTH
    this.signal = AbortSignal.any([
      options.cancelSignal,
      this.deadlineController.signal,
      this.fatalController.signal,
      this.doneController.signal
    ])
    this.logErrors = new SameErrorWatch(options.sameErrorWarnMs ?? SAME_ERROR_WARN_MS, (message) =>
      this.warn(message)
    )
  }

  async follow(): Promise<FollowOutcome> {
    if (this.options.timeoutMs > 0) {
      this.deadlineTimer = setTimeout(
        () => this.deadlineController.abort(new DeadlineReached()),
        this.options.timeoutMs
      )
    }
    try {
      return await this.loop()
    } catch (error) {
      if (this.options.cancelSignal.aborted)
        return this.stopped('cancelled', 'the workflow was cancelled')
      if (this.fatal) throw this.fatal
      if (this.deadlineController.signal.aborted) {
        return this.stopped(
          'timeout',
          `the 'timeout' of ${formatDuration(this.options.timeoutMs)} was reached`
        )
      }
      throw error
    } finally {
      clearTimeout(this.deadlineTimer)
      this.doneController.abort()
    }
  }

  private async loop(): Promise<FollowOutcome> {
    await this.pollStatus()
    let prefetched: PendingRead | undefined
    for (;;) {
      const current = prefetched ?? this.startRead(this.cursor)
      prefetched = undefined
      let chunk: LogChunk
      try {
        chunk = await current.answer
      } catch (error) {
        if (error instanceof LogUnreadable) return this.endWithoutLog(error.cause)
        throw error
      }
      if (this.isStale(chunk)) {
        // Read again from the cursor after a pause: a lagging replica needs time to catch up.
        this.heartbeat()
        await this.clock.sleep(this.options.pollIntervalMs, this.signal)
        continue
      }
      if (chunk.hasContent && chunk.hasMoreData) {
        // The next read goes out before this chunk is shown: the server and the network work
        // while the action does. The cursor still moves only once this chunk is taken.
        prefetched = this.startRead(chunk.nextOffset)
      }
      await this.take(chunk)
      if (prefetched) {
        await this.pollStatus()
        continue
      }

      const endedBeforeRead = current.endedWhenSent
      const finishedLine = this.listener.finishedLineResult(endedBeforeRead !== undefined)
      if (finishedLine !== undefined) this.finishedSeenAt ??= this.clock.now()
      if (endedBeforeRead) {
        if (finishedLine !== undefined) return this.finished(endedBeforeRead.serverResult)
        if (
          this.clock.now() - endedBeforeRead.observedAt >=
          (this.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS)
        ) {
          this.listener.onStatus(
            'The build is over but its log has no "Finished:" line; ending with the log received so far.'
          )
          return this.finished(endedBeforeRead.serverResult)
        }
      } else if (finishedLine !== undefined && this.finishedLineDecides()) {
        return this.finished(this.ended?.serverResult)
      } else if (this.statusAvailable && (finishedLine !== undefined || this.statusIsDue())) {
        await this.pollStatus(finishedLine !== undefined)
      }
      if (this.ended && !endedBeforeRead) continue // drain what was written before the end, at once
      this.heartbeat()
      await this.clock.sleep(this.options.pollIntervalMs, this.signal)
    }
  }

  /**
   * After a stop request: keeps reading, best effort, for at most `limitMs` or until the log's
   * `Finished:` line, so the end of a stopped build still reaches the log file.
   */
  async followTail(limitMs: number, signal: AbortSignal): Promise<void> {
    const deadline = this.clock.now() + limitMs
    while (!signal.aborted && this.clock.now() < deadline) {
      const remainingMs = deadline - this.clock.now()
      let caughtUp = true
      try {
        const limit = AbortSignal.any([signal, AbortSignal.timeout(remainingMs)])
        const chunk = await this.requestLog(this.cursor, limit)
        if (!this.isStale(chunk)) {
          await this.take(chunk)
          caughtUp = !chunk.hasContent || !chunk.hasMoreData
        }
      } catch (error) {
        this.listener.onDebug(
          `Reading the end of the log failed: ${error instanceof Error ? error.message : String(error)}`
        )
      }
      if (caughtUp && this.listener.finishedLineResult() !== undefined) return
      if (caughtUp)
        await this.clock.sleep(Math.min(250, remainingMs), signal).catch(() => undefined)
    }
  }

  /** Sends a read (with its retries); remembers whether the build was known to be over then. */
  private startRead(offset: string): PendingRead {
    const answer = this.withRetries('Reading the log', (signal) => this.requestLog(offset, signal))
    // A prefetched read may be dropped when the follow ends early; its failure is not news.
    answer.catch(() => undefined)
    return { answer, endedWhenSent: this.ended }
  }

  private requestLog(offset: string, signal: AbortSignal): Promise<LogChunk> {
    return this.api.readLog(this.options.buildNo, offset, this.readLength, signal)
  }

  /**
   * An answer that starts behind the cursor already reached (a lagging replica, a retried
   * request answered late) repeats what was taken: it is dropped whole. One that starts ahead
   * is the server's word and is taken, with a note in the debug log.
   */
  private isStale(chunk: LogChunk): boolean {
    const start = cursorValue(chunk.startOffset)
    const cursor = cursorValue(this.cursor)
    if (start === undefined || cursor === undefined || start === cursor) return false
    if (start < cursor) {
      this.listener.onDebug(
        `Dropped a stale log answer: it starts at ${chunk.startOffset}, behind the cursor ${this.cursor}.`
      )
      return true
    }
    this.listener.onDebug(
      `A log answer starts at ${chunk.startOffset}, ahead of the cursor ${this.cursor}; taking the server's word.`
    )
    return false
  }

  /** Hands a chunk on and moves the cursor: only a taken chunk does, so nothing is skipped. */
  private async take(chunk: LogChunk): Promise<void> {
    if (chunk.hasContent) {
      this.bytesSeen = true
      this.lastContentAt = this.clock.now()
      for (const piece of chunk.pieces) if (piece) await this.listener.onContent(piece)
    }
    this.cursor = chunk.nextOffset
  }

  /** The log's `Finished:` line ends the follow when the status call cannot say otherwise. */
  private finishedLineDecides(): boolean {
    if (!this.statusAvailable || this.statusFailing || this.ended) return true
    const patience = this.options.finishedLinePatienceMs ?? DEFAULT_FINISHED_LINE_PATIENCE_MS
    return this.clock.now() - (this.finishedSeenAt ?? Infinity) >= patience
  }

  private statusIsDue(): boolean {
    return this.clock.now() >= this.nextStatusAt
  }

  private statusInterval(): number {
    return Math.max(
      this.options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS,
      this.options.pollIntervalMs
    )
  }

  /**
   * Starts a status call when one is due (or `now`, unless one failed a moment ago) and none is
   * on its way, and gives it the rest of this turn to answer: a call answered at once is seen at
   * once, a slow one is left to answer in the background.
   */
  private async pollStatus(now = false): Promise<void> {
    if (!this.statusAvailable || this.ended) return
    const due = this.statusIsDue() || (now && !this.statusFailing)
    if (!this.statusInFlight && due) {
      this.statusInFlight = this.askStatus().finally(() => {
        this.statusInFlight = undefined
      })
    }
    if (this.statusInFlight) await settledSoon(this.statusInFlight)
    if (this.fatal) throw this.fatal
  }

  /** One status call; never throws: what it learns is kept for the loop. */
  private async askStatus(): Promise<void> {
    try {
      const info = await this.api.getBuildInfo(this.options.buildNo, this.signal)
      const now = this.clock.now()
      this.nextStatusAt = now + this.statusInterval()
      if (this.statusFailuresInARow > 0)
        this.listener.onDebug(
          `The build status call answered after ${this.statusFailuresInARow} failed tries.`
        )
      this.statusFailuresInARow = 0
      this.statusFailing = false
      if (!info.building) this.ended = { serverResult: info.buildResult, observedAt: now }
    } catch (error) {
      if (this.signal.aborted) return
      this.statusFailed(error)
    }
  }

  private statusFailed(error: unknown): void {
    const now = this.clock.now()
    if (!(error instanceof ApiError)) return this.failWith(error)
    if (error.kind === 'route-missing' || (error.kind === 'fatal' && error.httpStatus === 403)) {
      this.statusAvailable = false
      this.listener.onStatus(
        `The build status call is not available here (${describeAnswer(error)}); the result will be read from the log's "Finished:" line.`
      )
      return
    }
    if (error.kind === 'not-found') {
      // The reads say that the build is awaited, once they know for how long.
      this.listener.onDebug(`The build status call finds no build yet (${describeAnswer(error)}).`)
      this.nextStatusAt = now + Math.max(this.options.pollIntervalMs, 2000)
      return
    }
    if (error.kind !== 'transient') return this.failWith(error)
    this.statusFailing = true
    this.statusFailuresInARow++
    const delayMs = backoffDelayMs(
      this.statusFailuresInARow,
      this.backoff,
      this.random,
      error.retryAfterMs
    )
    this.nextStatusAt = now + delayMs
    if (this.statusFailuresInARow >= STATUS_FAILURES_BEFORE_WARNING && !this.statusTroubleWarned) {
      this.statusTroubleWarned = true
      this.warn(
        `The build status call keeps failing (${error.message}); the log goes on, and the result will be read from its "Finished:" line unless the status call recovers.`
      )
    } else {
      this.listener.onDebug(
        `${error.message} Asking again in ${(delayMs / 1000).toFixed(1)} s (failure ${this.statusFailuresInARow} in a row); the log goes on meanwhile.`
      )
    }
  }

  /** A fatal error met in the background ends the follow, even during a read. */
  private failWith(error: unknown): void {
    this.fatal = error instanceof Error ? error : new Error(String(error))
    this.fatalController.abort(this.fatal)
  }

  private warn(message: string): void {
    if (this.listener.onWarning) this.listener.onWarning(message)
    else this.listener.onStatus(message)
  }

  /** The status said over but the log cannot be read: a build that never ran, or never logs. */
  private endWithoutLog(error: ApiError): FollowOutcome {
    const ended = this.ended as EndSeen
    this.listener.onStatus(
      `The build is over (${ended.serverResult || 'no result given'}) but its log cannot be read (${describeAnswer(error) || error.message}); ending without it.`
    )
    return this.finished(ended.serverResult)
  }

  /**
   * The result: the status's final word when it is a known one, else the log's `Finished:`
   * word, else whatever the status said (an unknown word is reported as such).
   */
  private finished(statusWord: string | undefined): FollowOutcome {
    const fromLog = this.listener.finishedLineResult()
    const useStatus = !!statusWord && (isKnownBuildResult(statusWord) || !fromLog)
    const word = (useStatus ? statusWord : fromLog || statusWord) || 'UNKNOWN'
    if (statusWord && fromLog && statusWord.toUpperCase() !== fromLog.toUpperCase()) {
      this.listener.onDebug(
        `The status says ${statusWord} and the log says "Finished: ${fromLog}"; taking ${word}.`
      )
    }
    return {
      result: classifyBuildResult(word),
      serverResult: word,
      resultSource: useStatus ? 'status' : 'log',
      elapsedMs: this.clock.now() - this.startedAt
    }
  }

  private stopped(result: 'cancelled' | 'timeout', note: string): FollowOutcome {
    return { result, elapsedMs: this.clock.now() - this.startedAt, note }
  }

  private heartbeat(): void {
    const now = this.clock.now()
    const interval = this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS
    if (now - this.lastContentAt < interval || now - this.lastHeartbeatAt < interval) return
    this.lastHeartbeatAt = now
    const state = this.bytesSeen
      ? `running, no new log lines for ${formatDuration(now - this.lastContentAt)}`
      : 'queued or starting, no log yet'
    this.listener.onStatus(
      `Still waiting: build ${state} (${formatDuration(now - this.startedAt)} elapsed).`
    )
  }

  private recordFound(): void {
    if (!this.waitingReported) return
    this.waitingReported = false
    this.listener.onStatus(`Build #${this.options.buildNo} found.`)
  }

  private reportWaiting(error: ApiError, until: string): void {
    if (this.waitingReported) return
    this.waitingReported = true
    this.listener.onStatus(
      `Build #${this.options.buildNo} does not exist yet (CodeArts answered ${describeAnswer(error)}); waiting for it until ${until}.`
    )
  }

  private untilText(): string {
    const plan = this.missingRecordPlan
    if (plan?.kind === 'short-wait') {
      return `${formatDuration(this.newBuildGraceMs())} have passed (the job's last build is #${plan.lastBuildNo})`
    }
    return this.options.timeoutMs > 0
      ? `the timeout (${formatDuration(this.options.timeoutMs)})`
      : 'it appears'
  }

  private newBuildGraceMs(): number {
    return this.options.newBuildGraceMs ?? NEW_BUILD_GRACE_MS
  }

  /**
   * A build record that is not there: the API answers an unknown job the same way, so the
   * per-job question decides (once) whether to fail now, wait a short while, or wait as usual.
   */
  private async planForMissingRecord(): Promise<MissingRecordPlan> {
    if (this.missingRecordPlan) return this.missingRecordPlan
    const { buildNo, jobId = 'the job', host = 'this endpoint' } = this.options
    let job: JobStatus
    try {
      job = await this.api.getJobStatus(this.signal)
    } catch (error) {
      if (this.signal.aborted) throw this.fatal ?? this.signal.reason
      if (error instanceof ApiError && error.kind === 'not-found') {
        throw new ApiError({
          message: `CodeArts job '${jobId}' was not found at ${host}: check the 'job-id' and 'region' (or 'endpoint') inputs.`,
          kind: 'fatal',
          httpStatus: error.httpStatus,
          errorCode: error.errorCode
        })
      }
      this.listener.onDebug(
        `The job status request could not tell whether the job exists (${error instanceof Error ? error.message : String(error)}); waiting for the build as usual.`
      )
      this.missingRecordPlan = { kind: 'wait' }
      return this.missingRecordPlan
    }
    const last = job.lastBuildNo
    const comingSoon =
      this.options.startedByThisStep ||
      job.running === true ||
      last === undefined ||
      buildNo <= last
    this.missingRecordPlan = comingSoon
      ? { kind: 'wait' }
      : {
          kind: 'short-wait',
          lastBuildNo: last,
          until: this.clock.now() + this.newBuildGraceMs()
        }
    return this.missingRecordPlan
  }

  /** Past the short wait for a build number above the job's last one: fails with the reason. */
  private checkShortWait(error: ApiError): void {
    const plan = this.missingRecordPlan
    if (plan?.kind !== 'short-wait' || this.clock.now() < plan.until) return
    throw new ApiError({
      message: `Build #${this.options.buildNo} of CodeArts job '${this.options.jobId ?? ''}' did not appear within ${formatDuration(this.newBuildGraceMs())}: the job's last build is #${plan.lastBuildNo}. Check the 'build-no' input.`,
      kind: 'fatal',
      httpStatus: error.httpStatus,
      errorCode: error.errorCode
    })
  }

  /** A read that failed for time asks for less next time; successes let the length grow back. */
  private adjustReadLength(timedOut: boolean): void {
    const full = this.options.readLength ?? DEFAULT_READ_LENGTH
    const floor = Math.min(MIN_READ_LENGTH, full)
    const next = timedOut
      ? Math.max(floor, Math.floor(this.readLength / 2))
      : Math.min(full, this.readLength * 2)
    if (next === this.readLength) return
    this.listener.onDebug(
      timedOut
        ? `A log read got no answer in time; asking for ${next} bytes per read.`
        : `Log reads answer again; asking for ${next} bytes per read.`
    )
    this.readLength = next
  }

  /**
   * Runs one log read until it succeeds. Transient failures are retried with capped
   * exponential backoff (the count restarts after every success, so delays come back down); a
   * record that does not exist yet is waited for as the per-job question allows; anything else
   * is thrown. Between tries the status call keeps its pace, so a build that ended without a
   * readable log is noticed. Every wait ends at the deadline, on cancel or on a fatal error.
   */
  private async withRetries<T>(
    what: string,
    call: (signal: AbortSignal) => Promise<T>
  ): Promise<T> {
    let failuresInARow = 0
    for (;;) {
      this.signal.throwIfAborted()
      try {
        const value = await call(this.signal)
        if (failuresInARow > 0)
          this.listener.onDebug(`${what} succeeded after ${failuresInARow} failed tries.`)
        this.logErrors.succeeded()
        if (this.readLength < (this.options.readLength ?? DEFAULT_READ_LENGTH))
          this.adjustReadLength(false)
        this.recordFound()
        return value
      } catch (error) {
        if (this.signal.aborted) throw this.fatal ?? this.signal.reason
        if (!(error instanceof ApiError)) throw error
        this.endIfLogUnreadable(error)
        if (error.kind === 'not-found') {
          await this.planForMissingRecord()
          this.checkShortWait(error)
          this.reportWaiting(error, this.untilText())
          await this.clock.sleep(Math.max(this.options.pollIntervalMs, 2000), this.signal)
          await this.pollStatus()
          continue
        }
        if (error.kind !== 'transient') throw error
        failuresInARow++
        if (error.timedOut) this.adjustReadLength(true)
        this.logErrors.failed(what, error.message, this.clock.now())
        const delayMs = backoffDelayMs(
          failuresInARow,
          this.backoff,
          this.random,
          error.retryAfterMs
        )
        const message = `${error.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (failure ${failuresInARow} in a row).`
        if (failuresInARow >= 3) this.listener.onStatus(message)
        else this.listener.onDebug(message)
        await this.clock.sleep(delayMs, this.signal)
        await this.pollStatus()
      }
    }
  }

  /**
   * With the status saying over, a log that cannot be read will not heal: the codes seen for
   * builds that never ran and a missing record end the follow at once, other trouble once the
   * settle time has passed.
   */
  private endIfLogUnreadable(error: ApiError): void {
    const ended = this.ended
    if (!ended || (error.kind !== 'transient' && error.kind !== 'not-found')) return
    const hopeless =
      error.kind === 'not-found' ||
      (error.errorCode !== undefined && NEVER_RAN_CODES.has(error.errorCode)) ||
      this.clock.now() - ended.observedAt >= (this.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS)
    if (hopeless) throw new LogUnreadable(error)
  }
}
