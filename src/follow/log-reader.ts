import type { LogChunk } from '../codearts/client.js'
import { ApiError, isThrottling } from '../codearts/errors.js'
import type { Clock } from './clock.js'
import type { SameErrorWatch } from './error-runs.js'
import { BuildApi, DEFAULT_LOG_SETTLE_MS, FollowListener, FollowOptions } from './follow-types.js'
import type { Heartbeat } from './heartbeat.js'
import { MissingBuild } from './missing-build.js'
import { AdaptiveReadLength } from './read-length.js'
import type { SharedPace } from './pace.js'
import { isTransient, withRetries } from './retry.js'
import { StaleAnswers } from './stale-answers.js'
import type { StatusWatch } from './status-watch.js'

/** Log-route codes seen for builds that never ran: with the status saying over, nothing will come. */
const NEVER_RAN_CODES = new Set(['CB.00030004'])

/**
 * How long a log that has answered may fail in a row, with the build over, before the follow
 * ends with the part read: one failed answer never truncates a log.
 */
export const PARTIAL_LOG_GIVE_UP_MS = 5 * 60_000

/** The build is over but its log cannot be read: the follow ends with the status's result. */
export class LogUnreadable extends Error {
  /** `bytesRead`: what was taken before the log stopped answering (0: it never answered). */
  constructor(
    readonly cause: ApiError,
    readonly bytesRead: number
  ) {
    super(cause.message)
  }
}

/** What the reader works with; the follower gives it. */
export interface LogReaderContext {
  readonly api: BuildApi
  readonly options: FollowOptions
  readonly listener: FollowListener
  readonly clock: Clock
  readonly random: () => number
  /** Ends every read and every wait when the follow ends. */
  readonly signal: AbortSignal
  /** Kept at its pace between tries, so a build that ended without a readable log is noticed. */
  readonly status: StatusWatch
  readonly heartbeat: Heartbeat
  /** The full length asked of a read. */
  readonly readLength: number
  /** Runs of the same read error; the status call's trouble has its one warning instead. */
  readonly sameErrors: SameErrorWatch
  /** The follower's pace, shared with the status call: it sets the wait after throttling. */
  readonly pace: SharedPace
}

/** A log answer and the length its read asked for: the read pacer judges by it whether it was full. */
export interface AnsweredRead {
  readonly chunk: LogChunk
  readonly askedLength: number
  /** When the try that was answered went out: the pace counts from there. */
  readonly sentAt: number
}

/**
 * The log reads: the server's cursor, moved only by a chunk taken; stale answers dropped; each
 * read retried until it succeeds, a missing record waited for as the per-job question allows.
 */
export class LogReader {
  /** The server's cursor after the last chunk taken. */
  cursor = '0'
  /** Bytes of log content taken. */
  bytesTaken = 0
  /** Whether any read has answered: a log that did can only end after a run of failures. */
  private answered = false
  /** When the current run of failed reads began. */
  private failingSince: number | undefined
  private readonly length: AdaptiveReadLength
  private readonly missing: MissingBuild
  private readonly stale: StaleAnswers

  constructor(private readonly context: LogReaderContext) {
    this.length = new AdaptiveReadLength(context.readLength, (m) => context.listener.onDebug(m))
    this.stale = new StaleAnswers(context.listener)
    this.missing = new MissingBuild({ ...context, fatal: () => context.status.fatal })
  }

  /** One read from `offset` of `length` bytes (by default the length to ask now), no retries. */
  request(offset: string, signal: AbortSignal, length = this.lengthToAsk()): Promise<LogChunk> {
    return this.context.api.readLog(this.context.options.buildNo, offset, length, signal)
  }

  /**
   * The length a read asks for: larger while throttling slows the reads (pace.ts), but never
   * grown back while a slow link made it shrink.
   */
  private lengthToAsk(): number {
    const length = this.length.current
    return this.length.shrunk ? length : this.context.pace.readLength(length)
  }

  /**
   * One read until it succeeds. Transient failures are retried with capped exponential backoff
   * (the count restarts after every success, so delays come back down); a record that does not
   * exist yet is waited for; anything else is thrown. Between tries the status call keeps its
   * pace. Every wait ends at the deadline, on cancel or on a fatal error.
   */
  async readWithRetries(offset: string): Promise<AnsweredRead> {
    const { listener, clock, signal, status, sameErrors } = this.context
    const what = 'Reading the log'
    // A try after a timed-out one asks for less: the answer is judged against its own try.
    let askedLength = 0
    let sentAt = clock.now()
    const tryOnce = (callSignal: AbortSignal): Promise<LogChunk> => {
      askedLength = this.lengthToAsk()
      sentAt = clock.now()
      return this.readOrAwaitRecord(offset, callSignal, askedLength)
    }
    const chunk = await withRetries(tryOnce, {
      clock,
      signal,
      random: this.context.random,
      backoff: this.context.options.backoff,
      shouldRetry: isTransient,
      pacedDelayMs: (error, sentAt) =>
        isThrottling(error) ? this.context.pace.throttled(error as ApiError, sentAt) : undefined,
      onRecovered: (failures) =>
        listener.onDebug(`${what} succeeded after ${failures} failed tries.`),
      onRetry: ({ error, failuresInARow, delayMs }) => {
        const failure = error as ApiError
        if (failure.timedOut) this.length.timedOut()
        sameErrors.failed(what, failure.message, clock.now())
        const message = `${failure.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (failure ${failuresInARow} in a row).`
        if (failuresInARow >= 3) listener.onStatus(message)
        else listener.onDebug(message)
      },
      afterPause: () => status.poll()
    })
    sameErrors.succeeded()
    this.answered = true
    this.failingSince = undefined
    this.length.succeeded()
    this.missing.found()
    return { chunk, askedLength, sentAt }
  }

  /**
   * Best-effort reads, for at most `limitMs` or until the log's `Finished:` line: no retries,
   * a failure is noted in the debug log and the next read tries again.
   */
  async readTail(limitMs: number, signal: AbortSignal): Promise<void> {
    const deadline = this.context.clock.now() + limitMs
    while (!signal.aborted && this.context.clock.now() < deadline) {
      const remainingMs = deadline - this.context.clock.now()
      let caughtUp = true
      try {
        const limit = AbortSignal.any([signal, AbortSignal.timeout(remainingMs)])
        const chunk = await this.request(this.cursor, limit)
        if (!this.droppedAsStale(chunk)) {
          await this.take(chunk)
          caughtUp = chunk.content.length === 0 || !chunk.hasMoreData
        }
      } catch (error) {
        this.context.listener.onDebug(
          `Reading the end of the log failed: ${error instanceof Error ? error.message : String(error)}`
        )
      }
      if (caughtUp && this.context.listener.finishedLineResult() !== undefined) return
      if (caughtUp)
        await this.context.clock.sleep(Math.min(250, remainingMs), signal).catch(() => undefined)
    }
  }

  /**
   * Whether an answer repeats what was taken (see stale-answers.ts); if so it is dropped here,
   * its memory given back.
   */
  droppedAsStale(chunk: LogChunk): boolean {
    if (!this.stale.isStale(chunk.startOffset, this.cursor, chunk.content)) return false
    chunk.release()
    return true
  }

  /**
   * Hands a chunk on and moves the cursor: only a taken chunk does, so nothing is skipped. With
   * droppedAsStale, the only places a chunk's memory is given back: the reader owns each chunk.
   */
  async take(chunk: LogChunk): Promise<void> {
    try {
      if (chunk.content.length > 0) {
        this.bytesTaken += chunk.content.length
        this.stale.taken(chunk.content)
        this.context.heartbeat.contentSeen()
        await this.context.listener.onContent(chunk.content, chunk.newlines)
      }
      this.cursor = chunk.nextOffset
    } finally {
      chunk.release()
    }
  }

  /** One read; a record not there yet is waited for here, so it never counts as a failure. */
  private async readOrAwaitRecord(
    offset: string,
    signal: AbortSignal,
    length: number
  ): Promise<LogChunk> {
    const { options, clock, status } = this.context
    for (;;) {
      signal.throwIfAborted()
      try {
        return await this.request(offset, signal, length)
      } catch (error) {
        if (signal.aborted || !(error instanceof ApiError)) throw error
        this.endIfLogUnreadable(error)
        if (error.kind !== 'not-found') throw error
        await this.missing.notThere(error)
        await clock.sleep(Math.max(options.pollIntervalMs, 2000), signal)
        await status.poll()
      }
    }
  }

  /**
   * With the status saying over, a log that never answered will not: the codes seen for builds
   * that never ran and a missing record end the follow at once, other trouble once the settle
   * time has passed. A log that has answered is never cut by one failure: it ends only after
   * failing for PARTIAL_LOG_GIVE_UP_MS in a row.
   */
  private endIfLogUnreadable(error: ApiError): void {
    const now = this.context.clock.now()
    this.failingSince ??= now
    const ended = this.context.status.ended
    if (!ended || (error.kind !== 'transient' && error.kind !== 'not-found')) return
    if (this.answered) {
      if (now - this.failingSince >= PARTIAL_LOG_GIVE_UP_MS) {
        throw new LogUnreadable(error, this.bytesTaken)
      }
      return
    }
    const settleMs = this.context.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS
    const hopeless =
      error.kind === 'not-found' ||
      (error.errorCode !== undefined && NEVER_RAN_CODES.has(error.errorCode)) ||
      this.context.clock.now() - ended.observedAt >= settleMs
    if (hopeless) throw new LogUnreadable(error, this.bytesTaken)
  }
}
