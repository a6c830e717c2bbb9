import { DEFAULT_BACKOFF } from './backoff.js'
import { Clock, realClock } from './clock.js'
import { formatDuration } from '../text/duration.js'
import { SameErrorWatch } from './error-runs.js'
import {
  BuildApi,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_LOG_SETTLE_MS,
  DEFAULT_READ_LENGTH,
  EndSeen,
  FollowListener,
  FollowOptions,
  FollowOutcome,
  SAME_ERROR_WARN_MS,
  warnThrough
} from './follow-types.js'
import { Heartbeat } from './heartbeat.js'
import { AnsweredRead, LogReader, LogUnreadable } from './log-reader.js'
import { sayLogUnreadable } from './log-unreadable.js'
import { answerSeen, ReadPacer } from './read-pacer.js'
import { SharedPace } from './pace.js'
import { decideAtCaughtUp, finalResult } from './end-rule.js'
import { StatusWatch } from './status-watch.js'

/** A log read on its way, and whether the build was known to be over when it was sent. */
interface PendingRead {
  readonly offset: string
  readonly answer: Promise<AnsweredRead>
  readonly endedWhenSent: EndSeen | undefined
}

/**
 * Follows one build's log to its end, with the server's own cursor, at the pace ReadPacer
 * sets: at once while answers come full, half a poll interval after new lines, one poll
 * interval on average once answers come empty. The status call (StatusWatch) runs while the
 * log is caught up and at its `Finished:` line; both keep one shared pace (pace.ts), slowed
 * by throttling and stretched after a minute of silence. When the build is over: end-rule.ts.
 */
export class BuildFollower {
  private readonly clock: Clock
  private readonly startedAt: number
  private readonly signal: AbortSignal
  private readonly deadlineController = new AbortController()
  /** Aborted when the status call meets a fatal error while a read is on its way. */
  private readonly fatalController = new AbortController()
  /** Aborted when the follow ends: a status call or a read still on its way is dropped. */
  private readonly doneController = new AbortController()
  private deadlineTimer: NodeJS.Timeout | undefined
  private readonly status: StatusWatch
  private readonly reader: LogReader
  private readonly heartbeat: Heartbeat
  private readonly pacer: ReadPacer
  private readonly pace: SharedPace
  private finishedSeenAt: number | undefined

  constructor(
    api: BuildApi,
    private readonly options: FollowOptions,
    private readonly listener: FollowListener
  ) {
    const clock = (this.clock = options.clock ?? realClock)
    const random = options.random ?? Math.random
    this.startedAt = clock.now()
    this.signal = AbortSignal.any([
      options.cancelSignal,
      this.deadlineController.signal,
      this.fatalController.signal,
      this.doneController.signal
    ])
    const warn = (message: string): void => warnThrough(listener, message)
    this.pace = new SharedPace(clock, options.pollIntervalMs, random)
    const shared = { api, options, listener, clock, signal: this.signal, pace: this.pace }
    this.status = new StatusWatch({
      ...shared,
      random,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      warn,
      onFatal: (error) => this.fatalController.abort(error)
    })
    this.heartbeat = new Heartbeat(
      clock,
      options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
      (message) => listener.onStatus(message)
    )
    this.reader = new LogReader({
      ...shared,
      random,
      status: this.status,
      heartbeat: this.heartbeat,
      readLength: options.readLength ?? DEFAULT_READ_LENGTH,
      sameErrors: new SameErrorWatch(options.sameErrorWarnMs ?? SAME_ERROR_WARN_MS, warn)
    })
    this.pacer = new ReadPacer(options.pollIntervalMs)
  }

  async follow(): Promise<FollowOutcome> {
    if (this.options.timeoutMs > 0) {
      this.deadlineTimer = setTimeout(() => this.deadlineController.abort(), this.options.timeoutMs)
    }
    try {
      return await this.loop()
    } catch (error) {
      if (this.options.cancelSignal.aborted)
        return this.stopped('cancelled', 'the workflow was cancelled')
      if (this.status.fatal) throw this.status.fatal
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
    await this.status.first()
    await this.pace.untilAllowed(this.signal) // the first status call was throttled
    let prefetched: PendingRead | undefined
    for (;;) {
      const current = prefetched ?? this.startRead(this.reader.cursor)
      prefetched = undefined
      let answered: AnsweredRead
      try {
        answered = await current.answer
      } catch (error) {
        if (error instanceof LogUnreadable) return this.endWithoutLog(error)
        throw error
      }
      const { chunk, askedLength, sentAt } = answered
      this.pace.succeeded()
      if (this.reader.droppedAsStale(chunk)) {
        this.pacer.dropped()
        // Read again from the cursor after a pause: a lagging replica needs time to catch up.
        this.heartbeat.beat()
        await this.pause(this.options.pollIntervalMs)
        continue
      }
      const contentBytes = chunk.content.length
      if (contentBytes > 0) this.pace.contentSeen()
      const over = this.status.ended !== undefined
      const seen = answerSeen(current.offset, chunk, askedLength, over, this.pace.slowsReads)
      if (this.pacer.readsAtOnce(seen)) {
        // The next read goes out before this chunk is shown: the server and the network work
        // while the action does. The cursor still moves only once this chunk is taken.
        const heldMs = this.pace.readPauseMs(0) // one draw of the slowed pace's random spread
        if (heldMs === 0) prefetched = this.startRead(chunk.nextOffset)
        await this.reader.take(chunk)
        if (heldMs > 0) await this.waitPaced(heldMs)
        continue
      }
      await this.reader.take(chunk)
      if (this.pacer.fullByContent(contentBytes, askedLength)) {
        await this.pause(0)
        continue
      }
      const outcome = await this.afterCaughtUp(current.endedWhenSent, contentBytes > 0)
      if (outcome) return outcome
      if (this.status.ended && !current.endedWhenSent) continue // drain, at once
      this.heartbeat.beat()
      await this.pause(this.pacer.pauseMs(this.finishedSeenAt !== undefined), sentAt)
    }
  }

  /** Waits `ms` as the pace stretches it (0: none unless slowed), counted from `readSentAt`. */
  private pause(ms: number, readSentAt = this.clock.now()): Promise<void> {
    return this.waitPaced(this.pace.readPauseMs(ms, this.clock.now() - readSentAt))
  }

  /** Waits what the pace set; an end answer ends the wait early. */
  private async waitPaced(paced: number): Promise<void> {
    if (paced > 0) await this.status.pause(paced)
    await this.pace.untilAllowed(this.signal) // a status call throttled meanwhile
  }

  /** Once a read (which `grew` the log or not) found it caught up: end-rule.ts decides. */
  private async afterCaughtUp(
    endedBeforeRead: EndSeen | undefined,
    grew: boolean
  ): Promise<FollowOutcome | undefined> {
    const finishedLine = this.listener.finishedLineResult(endedBeforeRead !== undefined)
    if (finishedLine !== undefined) {
      this.finishedSeenAt ??= this.clock.now()
      this.pace.endSeen()
    }
    const decision = decideAtCaughtUp({
      finishedLine,
      lastLineLooksFinished: this.listener.finishedLineResult(true) !== undefined,
      endedBeforeRead,
      statusWord: this.status.ended?.serverResult,
      nowMs: this.clock.now(),
      settleMs: this.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS,
      finishedLineMayDecide: this.status.letsFinishedLineDecide(this.finishedSeenAt),
      statusAvailable: this.status.available,
      statusDue: this.status.isDue(true),
      logGrew: grew
    })
    if (decision.end) {
      if (decision.note) this.listener.onStatus(decision.note)
      return this.finished(decision.statusWord)
    }
    if (decision.askStatus) await this.status.askSoon(decision.atOnce)
    return undefined
  }

  /** After a stop request: the stopped build's end, best effort, to the file (readTail). */
  followTail(limitMs: number, signal: AbortSignal): Promise<void> {
    return this.reader.readTail(limitMs, signal)
  }

  /** Sends a read (with its retries); remembers whether the build was known to be over then. */
  private startRead(offset: string): PendingRead {
    this.pace.sent()
    const answer = this.reader.readWithRetries(offset)
    // A prefetched read may be dropped when the follow ends early; its failure is not news.
    answer.catch(() => undefined)
    return { offset, answer, endedWhenSent: this.status.ended }
  }

  /** The status said over but the log cannot be read: a build that never ran, or never logs. */
  private endWithoutLog(error: LogUnreadable): FollowOutcome {
    const ended = this.status.ended as EndSeen
    const note = sayLogUnreadable(this.listener, ended.serverResult || 'no result given', error)
    return this.finished(ended.serverResult, note)
  }

  /** The outcome of a build that is over, from the status's word and the log's. */
  private finished(statusWord: string | undefined, logNote?: string): FollowOutcome {
    const ending = finalResult(statusWord, this.listener.finishedLineResult())
    if (ending.disagreement) this.listener.onDebug(ending.disagreement)
    return {
      result: ending.result,
      serverResult: ending.word,
      resultSource: ending.resultSource,
      elapsedMs: this.clock.now() - this.startedAt,
      ...(ending.contradiction || logNote
        ? { note: [ending.contradiction, logNote].filter(Boolean).join('; ') }
        : {})
    }
  }

  private stopped(result: 'cancelled' | 'timeout', note: string): FollowOutcome {
    return { result, elapsedMs: this.clock.now() - this.startedAt, note }
  }
}
