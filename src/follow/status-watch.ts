import { ApiError, describeAnswer, isThrottling } from '../codearts/errors.js'
import { backoffDelayMs, BackoffPolicy } from './backoff.js'
import type { Clock } from './clock.js'
import { pauseUntilAnswer } from './pause.js'
import type { SharedPace } from './pace.js'
import {
  BuildApi,
  DEFAULT_FINISHED_LINE_PATIENCE_MS,
  DEFAULT_STATUS_INTERVAL_MS,
  EndSeen,
  FollowListener,
  FollowOptions
} from './follow-types.js'

/** Status failures in a row before the one warning about them. */
const STATUS_FAILURES_BEFORE_WARNING = 3

/** What the status watch works with; the follower gives it. */
export interface StatusWatchContext {
  readonly api: BuildApi
  readonly options: FollowOptions
  readonly listener: FollowListener
  readonly clock: Clock
  readonly random: () => number
  readonly backoff: BackoffPolicy
  /** Ends a call on its way when the follow ends. */
  readonly signal: AbortSignal
  readonly warn: (message: string) => void
  /** A fatal answer: the follow must end, even during a read. */
  readonly onFatal: (error: Error) => void
  /** The follower's pace, shared with the log reads. */
  readonly pace: SharedPace
}

/** Resolves when `promise` settles or after the current macrotask, whichever is first. */
function settledSoon(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setImmediate(resolve))])
}

/** The first call's answer is awaited this long before the first read goes. */
const FIRST_ANSWER_WAIT_MS = 500

/**
 * The status call, asked beside the log reads, one at a time, and never holding a read back:
 * its trouble (failures, odd answers) is retried at its own pace and reported once. What it
 * learns (the build is over, the call is unavailable or failing) is kept for the read loop.
 */
export class StatusWatch {
  /** False once the region turns out not to offer the call (or not to this user). */
  available = true
  /** The last call failed: the log's `Finished:` line decides the end. */
  failing = false
  /** The call's end-of-build answer, once it came. */
  ended: EndSeen | undefined
  /** The fatal error a call met, thrown by the next `poll`. */
  fatal: Error | undefined
  private inFlight: Promise<void> | undefined
  private nextAt = -Infinity
  /** When the last call answered: the next waits the pace's gap after it. */
  private answeredAt = -Infinity
  private failuresInARow = 0
  private troubleWarned = false
  /** A call asked for while slowed: it goes halfway through the follower's next pause. */
  private wanted: { readonly atOnce: boolean } | undefined

  constructor(private readonly context: StatusWatchContext) {}

  /**
   * Settles when the call on its way answers: true when it said the build is over. The
   * follower's pause ends early only for that news (see pauseUntilAnswer), so a quiet build's
   * periodic calls add no reads. It settles with every call (a call never rejects, and ends
   * with the follow), so no pause leaves behind a promise that never does.
   */
  get endAnswer(): Promise<boolean> | undefined {
    return this.inFlight?.then(() => this.ended !== undefined)
  }

  /**
   * Whether the pace of the calls allows one now: its interval since the last answer (slowed
   * by throttling, stretched in silence), no failure's wait pending, no throttled wait either.
   */
  isDue(soon = false): boolean {
    const { clock, pace } = this.context
    const now = clock.now()
    const gapOver = now >= this.answeredAt + pace.statusGapMs(this.interval())
    // `soon`: due but for keeping apart from a read, which `askSoon` sees to.
    return gapOver && now >= this.nextAt && pace.allowsStatusNow(soon)
  }

  /** The log's `Finished:` line (seen at `finishedSeenAt`) ends the follow unless the call can say otherwise. */
  letsFinishedLineDecide(finishedSeenAt: number | undefined): boolean {
    if (!this.available || this.failing || this.ended) return true
    const { options, clock } = this.context
    const patience = options.finishedLinePatienceMs ?? DEFAULT_FINISHED_LINE_PATIENCE_MS
    return clock.now() - (finishedSeenAt ?? Infinity) >= patience
  }

  /**
   * Starts a call when one is due (or `now`, unless one failed a moment ago) and none is on
   * its way, and gives it the rest of this turn to answer: a call answered at once is seen at
   * once, a slow one is left to answer in the background. Throws a fatal error it met.
   */
  async poll(now = false): Promise<void> {
    if (!this.available || this.ended) return
    const due = this.isDue() || (now && !this.failing && this.context.pace.allowsStatusNow())
    if (!this.inFlight && due) {
      this.inFlight = this.ask().finally(() => {
        this.inFlight = undefined
      })
    }
    if (this.inFlight) await settledSoon(this.inFlight)
    if (this.fatal) throw this.fatal
  }

  /**
   * The call at the start, whose answer the first read awaits for a moment: a first call
   * refused by a spent quota then holds the first read back too, instead of the two going
   * together into the same refusal.
   */
  async first(): Promise<void> {
    await this.poll()
    if (this.inFlight) {
      // Waited on the follower's clock, so that virtual-clock traces stay exact.
      const late = new AbortController()
      const signal = AbortSignal.any([late.signal, this.context.signal])
      const wait = this.context.clock.sleep(FIRST_ANSWER_WAIT_MS, signal).catch(() => undefined)
      await Promise.race([this.inFlight, wait]).finally(() => late.abort())
    }
    if (this.fatal) throw this.fatal
  }

  /**
   * Asks now (see `poll`), or, while the pace is slowed, halfway through the follower's next
   * pause: a call sent right after a read is the second of two requests at once, the one a
   * spent quota refuses.
   */
  async askSoon(now = false): Promise<void> {
    if (!this.context.pace.slowed) return this.poll(now)
    this.wanted = { atOnce: now || (this.wanted?.atOnce ?? false) }
  }

  /**
   * The follower's pause of `ms` between two reads, ended early by an end answer; a call asked
   * for meanwhile (`askSoon`) goes halfway through it, and the read after it waits the other
   * half even when that call says the build is over: the read that drains the log would
   * otherwise be the second of two requests at once.
   */
  async pause(ms: number): Promise<void> {
    const { clock, signal } = this.context
    const wanted = this.wanted
    this.wanted = undefined
    if (!wanted) return pauseUntilAnswer(clock, ms, signal, this.endAnswer)
    const half = Math.round(ms / 2)
    await pauseUntilAnswer(clock, half, signal, this.endAnswer)
    if (this.ended) return
    await this.poll(wanted.atOnce)
    await clock.sleep(ms - half, signal)
  }

  /** Postpones the next call after an answer saying the build is not there yet. */
  private postpone(byMs: number): void {
    this.nextAt = this.context.clock.now() + byMs
  }

  private interval(): number {
    const { options } = this.context
    return Math.max(options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS, options.pollIntervalMs)
  }

  /** One call; never throws: what it learns is kept for the loop. */
  private async ask(): Promise<void> {
    const { api, options, clock, listener, signal } = this.context
    const sentAt = clock.now()
    this.context.pace.sent()
    try {
      const info = await api.getBuildInfo(options.buildNo, signal)
      const now = clock.now()
      this.answeredAt = now
      this.nextAt = -Infinity
      this.context.pace.succeeded()
      if (this.failuresInARow > 0)
        listener.onDebug(
          `The build status call answered after ${this.failuresInARow} failed tries.`
        )
      this.failuresInARow = 0
      this.failing = false
      if (!info.building) {
        this.ended = { serverResult: info.buildResult, observedAt: now }
        this.context.pace.endSeen()
      }
    } catch (error) {
      if (signal.aborted) return
      this.failed(error, sentAt)
    }
  }

  private failed(error: unknown, sentAt: number): void {
    const { listener, options } = this.context
    if (!(error instanceof ApiError)) return this.failWith(error)
    if (error.kind === 'route-missing' || (error.kind === 'fatal' && error.httpStatus === 403)) {
      this.available = false
      listener.onStatus(
        `The build status call is not available here (${describeAnswer(error)}); the result will be read from the log's "Finished:" line.`
      )
      return
    }
    if (error.kind === 'not-found') {
      // The reads say that the build is awaited, once they know for how long.
      listener.onDebug(`The build status call finds no build yet (${describeAnswer(error)}).`)
      return this.postpone(Math.max(options.pollIntervalMs, 2000))
    }
    if (error.kind !== 'transient') return this.failWith(error)
    this.retryLater(error, sentAt)
  }

  private retryLater(error: ApiError, sentAt: number): void {
    const { clock, backoff, random, listener } = this.context
    this.failing = true
    this.failuresInARow++
    const delayMs = isThrottling(error)
      ? this.context.pace.throttled(error, sentAt)
      : backoffDelayMs(this.failuresInARow, backoff, random, error.retryAfterMs)
    this.nextAt = clock.now() + delayMs
    if (this.failuresInARow >= STATUS_FAILURES_BEFORE_WARNING && !this.troubleWarned) {
      this.troubleWarned = true
      this.context.warn(
        `The build status call keeps failing (${error.message}); the log goes on, and the result will be read from its "Finished:" line unless the status call recovers.`
      )
    } else {
      listener.onDebug(
        `${error.message} Asking again in ${(delayMs / 1000).toFixed(1)} s (failure ${this.failuresInARow} in a row); the log goes on meanwhile.`
      )
    }
  }

  private failWith(error: unknown): void {
    this.fatal = error instanceof Error ? error : new Error(String(error))
    this.context.onFatal(this.fatal)
  }
}
