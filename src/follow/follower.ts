import { ApiError, describeAnswer } from '../codearts/errors.js'
import { BuildInfo, LogChunk } from '../codearts/client.js'
import { backoffDelayMs, BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js'
import { ActionResult, classifyBuildResult } from '../build-log/build-result.js'
import { Clock, formatDuration, realClock } from './clock.js'

/** The two calls the follower needs; CodeArtsClient provides them. */
export interface BuildApi {
  readLog(buildNo: number, offset: string, length: number, signal?: AbortSignal): Promise<LogChunk>
  getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo>
}

/** What the follower reports to the rest of the action while it works. */
export interface FollowListener {
  /** New log text, in order, each byte once. Awaited: a slow consumer slows the reads. */
  onContent(content: string): void | Promise<void>
  /** A status line of the action's own (waiting, retrying, heartbeat). */
  onStatus(message: string): void
  /** A detail for the debug log only. */
  onDebug(message: string): void
  /** The result of the log's `Finished:` line, once one has been seen. */
  finishedLineResult(): string | undefined
}

export interface FollowOptions {
  readonly buildNo: number
  readonly pollIntervalMs: number
  /** 0: no limit. */
  readonly timeoutMs: number
  /** Aborted when the workflow is cancelled. */
  readonly cancelSignal: AbortSignal
  /** The length asked of each log read; the server may send less. */
  readonly readLength?: number
  /** How often to ask whether the build is over while the log is quiet. */
  readonly statusIntervalMs?: number
  /** How long to wait, once the build is over, for a log that lacks its `Finished:` line. */
  readonly logSettleMs?: number
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
const DEFAULT_STATUS_INTERVAL_MS = 10_000
const DEFAULT_LOG_SETTLE_MS = 15_000
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000

class DeadlineReached extends Error {}

/** A log read on its way, and whether the build was known to be over when it was sent. */
interface PendingRead {
  readonly answer: Promise<LogChunk>
  readonly endedWhenSent: { serverResult: string; observedAt: number } | undefined
}

/**
 * Follows one build's log to its end.
 *
 * The log is read with the server's own cursor. While it flows, the next read starts at once;
 * when caught up, the follower sleeps one poll interval. `has_more_data: false` only means
 * "caught up": the build is over when the status call says so AND a read that started after
 * that answer is caught up (so nothing written before the end is missed). Without a status
 * call (404 APIGW.0101 or 403 on it), the log's `Finished: <RESULT>` line decides.
 */
export class BuildFollower {
  private readonly clock: Clock
  private readonly random: () => number
  private readonly backoff: BackoffPolicy
  private readonly startedAt: number
  private readonly signal: AbortSignal
  private readonly deadlineController = new AbortController()
  private deadlineTimer: NodeJS.Timeout | undefined
  private statusAvailable = true
  private lastStatusAt = -Infinity
  private ended: { serverResult: string; observedAt: number } | undefined
  private lastContentAt: number
  private lastHeartbeatAt: number
  private bytesSeen = false
  private waitingReported = false
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
    this.signal = AbortSignal.any([options.cancelSignal, this.deadlineController.signal])
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
      if (this.deadlineController.signal.aborted) {
        return this.stopped(
          'timeout',
          `the 'timeout' of ${formatDuration(this.options.timeoutMs)} was reached`
        )
      }
      throw error
    } finally {
      clearTimeout(this.deadlineTimer)
    }
  }

  private async loop(): Promise<FollowOutcome> {
    await this.checkStatus()
    let prefetched: PendingRead | undefined
    for (;;) {
      const current = prefetched ?? this.startRead(this.cursor)
      prefetched = undefined
      const chunk = await current.answer
      if (chunk.hasContent && chunk.hasMoreData) {
        // The next read goes out before this chunk is shown: the server and the network work
        // while the action does. The cursor still moves only once this chunk is taken.
        prefetched = this.startRead(chunk.nextOffset)
      }
      await this.take(chunk)
      if (prefetched) continue

      const endedBeforeRead = current.endedWhenSent
      const finishedLine = this.listener.finishedLineResult()
      if (endedBeforeRead) {
        if (finishedLine !== undefined) return this.finished(endedBeforeRead.serverResult, 'status')
        if (
          this.clock.now() - endedBeforeRead.observedAt >=
          (this.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS)
        ) {
          this.listener.onStatus(
            'The build is over but its log has no "Finished:" line; ending with the log received so far.'
          )
          return this.finished(endedBeforeRead.serverResult, 'status')
        }
      } else if (!this.statusAvailable) {
        if (finishedLine !== undefined) return this.finished(finishedLine, 'log')
      } else if (finishedLine !== undefined || this.statusIsDue()) {
        await this.checkStatus()
        if (this.ended) continue // drain what was written before the end, at once
      }
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
        await this.take(chunk)
        caughtUp = !chunk.hasContent || !chunk.hasMoreData
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
    const readLength = this.options.readLength ?? DEFAULT_READ_LENGTH
    return this.api.readLog(this.options.buildNo, offset, readLength, signal)
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

  private statusIsDue(): boolean {
    const interval = Math.max(
      this.options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS,
      this.options.pollIntervalMs
    )
    return this.clock.now() - this.lastStatusAt >= interval
  }

  private async checkStatus(): Promise<void> {
    if (!this.statusAvailable || this.ended) return
    try {
      const info = await this.withRetries('Asking for the build status', (signal) =>
        this.api.getBuildInfo(this.options.buildNo, signal)
      )
      this.lastStatusAt = this.clock.now()
      if (!info.building)
        this.ended = { serverResult: info.buildResult, observedAt: this.lastStatusAt }
    } catch (error) {
      const unavailable =
        error instanceof ApiError &&
        (error.kind === 'route-missing' || (error.kind === 'fatal' && error.httpStatus === 403))
      if (!unavailable) throw error
      this.statusAvailable = false
      this.listener.onStatus(
        `The build status call is not available here (${describeAnswer(error)}); the result will be read from the log's "Finished:" line.`
      )
    }
  }

  private finished(serverResult: string, source: 'status' | 'log'): FollowOutcome {
    const fromLog = this.listener.finishedLineResult()
    const word = serverResult || fromLog || 'UNKNOWN'
    return {
      result: classifyBuildResult(word),
      serverResult: word,
      resultSource: serverResult ? source : 'log',
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

  /**
   * Runs one call until it succeeds. Transient failures are retried with capped exponential
   * backoff (the count restarts after every success, so delays come back down); a record that
   * does not exist yet is waited for; anything else is thrown. Every wait ends at the
   * deadline or on cancel.
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
        if (this.waitingReported) {
          this.waitingReported = false
          this.listener.onStatus(`Build #${this.options.buildNo} found.`)
        }
        return value
      } catch (error) {
        if (this.signal.aborted) throw this.signal.reason
        if (!(error instanceof ApiError)) throw error
        if (error.kind === 'not-found') {
          if (!this.waitingReported) {
            this.waitingReported = true
            const until =
              this.options.timeoutMs > 0
                ? `the timeout (${formatDuration(this.options.timeoutMs)})`
                : 'it appears'
            this.listener.onStatus(
              `Build #${this.options.buildNo} does not exist yet (CodeArts answered ${describeAnswer(error)}); waiting for it until ${until}.`
            )
          }
          await this.clock.sleep(Math.max(this.options.pollIntervalMs, 2000), this.signal)
          continue
        }
        if (error.kind !== 'transient') throw error
        failuresInARow++
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
      }
    }
  }
}
