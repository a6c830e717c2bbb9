import type { Clock } from './clock.js'

/**
 * The follower's one pace, shared by its log reads and its status calls: many followers (a
 * matrix, a queue of builds) share one API quota per tenant and region, and each must ease
 * off when the quota is spent instead of retrying on a common beat.
 */

/** How much slower the whole follower goes, at most, however long the throttling lasts. */
export const MAX_SLOWDOWN = 6
/** Each throttled answer multiplies the slow-down by this. */
export const THROTTLE_FACTOR = 4
/**
 * Each success keeps this share of the slow-down: about 69 successes undo one raise. Slow
 * on purpose: followers sharing a quota each add their climb to the fleet's, and a fast climb
 * runs the fleet back into the quota every few requests.
 */
export const RECOVERY_PER_SUCCESS = 0.98
/** New content was last seen this long ago: the build is silent, and its pace stretches. */
export const SILENT_AFTER_MS = 60_000
/** Gap between two log reads of a silent build: 3 a minute, so 5 a minute with the status
 * calls and never more than 6 in any minute, however the two fall. */
export const SILENT_READ_GAP_MS = 20_000
/** Gap between two status calls of a silent build: 2 a minute. */
export const SILENT_STATUS_GAP_MS = 30_000
/** The most a slowed read asks for: the API's own default length. */
export const MAX_SLOWED_READ_LENGTH = 1_000_000
/** The random part added to a throttled wait is at least this wide, so followers spread. */
export const MIN_JITTER_MS = 1000
/**
 * While slowed, each paced read waits up to this share longer, at random: followers refused
 * together recover together, and without it their reads would keep meeting in the same second.
 */
export const SLOWED_PACE_SPREAD = 0.25

/**
 * The pace: a slow-down factor, raised multiplicatively by a throttled answer (read or
 * status) to a request sent at the current pace, and lowered slowly by successes, so one
 * success does not forget the throttling;
 * the earliest next request after a throttled answer (its Retry-After, or the pace's own
 * wait, plus a random part: never a common beat, never earlier than Retry-After); and the
 * silence of the build, which stretches the pace after a minute without new content.
 */
export class SharedPace {
  /** 1: the live pace; above 1, every wait is that much longer. */
  slowdown = 1
  private notBefore = -Infinity
  /** When the slow-down was last raised. */
  private raisedAt = -Infinity
  /** Some request has been answered. */
  private answered = false
  /** When this follower last sent a request. */
  private lastSentAt = -Infinity
  /** The build's end is in sight (its `Finished:` line, or the status saying over). */
  private endInSight = false
  private lastContentAt: number

  constructor(
    private readonly clock: Clock,
    private readonly pollIntervalMs: number,
    private readonly random: () => number
  ) {
    this.lastContentAt = clock.now()
  }

  /** New log content: the live pace comes back at once. */
  contentSeen(): void {
    this.lastContentAt = this.clock.now()
  }

  /** No new content for a minute (or none yet since the follow began). */
  get silent(): boolean {
    return this.clock.now() - this.lastContentAt >= SILENT_AFTER_MS
  }

  /** A request goes out now. */
  sent(): void {
    this.lastSentAt = this.clock.now()
  }

  /**
   * The build's end is in sight: one or two calls remain, so a throttled one is retried after
   * its Retry-After (or half an interval) and a short random part, not after the slowed pace.
   */
  endSeen(): void {
    this.endInSight = true
  }

  /** A request answered: the slow-down eases a little. */
  succeeded(): void {
    this.answered = true
    if (this.slowdown === 1) return
    this.slowdown *= RECOVERY_PER_SUCCESS
    if (this.slowdown < 1.05) this.slowdown = 1
  }

  /**
   * A throttled answer to a request sent at `sentAt`: the whole follower slows down, and no
   * request goes out before the returned wait (Retry-After, or the slowed pace, plus jitter).
   * Only an answer to a request sent at the current pace raises the slow-down: one sent before
   * the last raise (a read and a status call at once, say) says nothing new.
   */
  throttled(error: { readonly retryAfterMs?: number }, sentAt = this.clock.now()): number {
    const now = this.clock.now()
    if (sentAt > this.raisedAt) {
      // Refused before any answer: others spend the quota already, so start at the slowest.
      const factor = this.answered ? THROTTLE_FACTOR : MAX_SLOWDOWN
      this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * factor)
      this.raisedAt = now
    }
    const paced = (this.pollIntervalMs / 2) * this.paceSlowdown
    const floor = Math.max(error.retryAfterMs ?? 0, paced)
    const jitter = this.endInSight ? MIN_JITTER_MS : Math.max(MIN_JITTER_MS, paced)
    const waitMs = Math.round(floor + this.random() * jitter)
    this.notBefore = Math.max(this.notBefore, now + waitMs)
    return Math.max(0, this.notBefore - now)
  }

  /** Waits until a throttled wait set meanwhile (e.g. by a status call) is over. */
  async untilAllowed(signal: AbortSignal): Promise<void> {
    const waitMs = this.notBefore - this.clock.now()
    if (waitMs > 0) await this.clock.sleep(Math.round(waitMs), signal)
  }

  /**
   * Whether a status call may go out now: no throttled wait pending, and, while slowed, one
   * paced gap after it, so the read that waited goes first; and, while slowed, half a paced
   * gap after this follower's last request, so the two never go together (the second of two
   * requests sent at once is the one a spent quota refuses).
   */
  allowsStatusNow(evenNextToARead = false): boolean {
    const now = this.clock.now()
    const slowdown = this.paceSlowdown
    const afterReads = (this.pollIntervalMs / 2) * (slowdown - 1)
    const apart = this.slowdown > 1 && !evenNextToARead ? (this.pollIntervalMs / 4) * slowdown : 0
    return now >= this.notBefore + afterReads && now >= this.lastSentAt + apart
  }

  /** The slow-down of the waits: none once the end is in sight (a call or two are left). */
  private get paceSlowdown(): number {
    return this.endInSight ? 1 : this.slowdown
  }

  /** Whether the follower is slowed: a status call then goes halfway between two reads. */
  get slowed(): boolean {
    return this.slowdown > 1
  }

  /** Whether the log reads wait the slowed pace now (not once the end is in sight). */
  get slowsReads(): boolean {
    return this.paceSlowdown > 1
  }

  /**
   * The wait before the next log read, from the read pacer's `baseMs` (0: at once): slowed by
   * the slow-down (and up to SLOWED_PACE_SPREAD more, at random), never before a throttled wait
   * ends, at least SILENT_READ_GAP_MS in silence.
   * The paced gap runs from the last read's sending, `sinceSentMs` ago, so the cadence holds;
   * the silent gap, a limit on requests a minute, from now, so no jitter of the network can
   * fit a fourth read into a minute.
   */
  readPauseMs(baseMs: number, sinceSentMs = 0): number {
    const slowdown = this.paceSlowdown
    const spread = slowdown > 1 ? 1 + SLOWED_PACE_SPREAD * this.random() : 1
    const slowed =
      (baseMs > 0 ? baseMs * slowdown : (this.pollIntervalMs / 2) * (slowdown - 1)) * spread
    const silentGap = this.silent ? SILENT_READ_GAP_MS : 0
    const throttledWait = this.notBefore - this.clock.now()
    return Math.round(Math.max(slowed - sinceSentMs, silentGap, throttledWait, 0))
  }

  /**
   * The length a log read asks for, from the reader's own: while slowed, that many times more
   * (up to the API's default), so that fewer reads still carry a fast log and a follower that
   * fell behind catches up instead of lagging by the throttled time until the build ends.
   */
  readLength(baseLength: number): number {
    if (this.slowdown === 1) return baseLength
    return Math.max(
      baseLength,
      Math.min(MAX_SLOWED_READ_LENGTH, Math.round(baseLength * this.slowdown))
    )
  }

  /** The gap between two status calls, from their own interval. */
  statusGapMs(intervalMs: number): number {
    const slowed = intervalMs * this.paceSlowdown
    return this.silent ? Math.max(slowed, SILENT_STATUS_GAP_MS) : slowed
  }
}
