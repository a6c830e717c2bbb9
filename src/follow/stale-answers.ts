import { cursorValue } from '../codearts/answers.js'
import { type FollowListener, warnThrough } from './follow-types.js'

/** Answers in a row that began behind the cursor and mean the log restarted, not a lag. */
export const RESTART_AFTER_BEHIND_ANSWERS = 4

/** How much of the log's start is kept, to tell a new log from a lagging answer at once. */
const HEAD_BYTES = 1024

/**
 * Judges where each log answer starts against the cursor. An answer that starts behind it (a
 * lagging replica, a retried request answered late) repeats what was taken: it is dropped
 * whole. Several such answers in a row mean the log restarted under the same build number:
 * said once as a warning naming both offsets, and the new log is followed from where the
 * answers now begin. An answer from the very start whose text differs from the log's start as
 * taken is a new log at once (a lagging answer repeats the same text). One that starts ahead
 * is the server's word and is taken.
 */
export class StaleAnswers {
  private behindInARow = 0
  /** The first bytes taken (at most HEAD_BYTES), copied: the content is lent. */
  private head = Buffer.alloc(0)

  constructor(private readonly listener: FollowListener) {}

  /** Content taken, in order: its first bytes are kept. */
  taken(content: Buffer): void {
    if (this.head.length >= HEAD_BYTES || content.length === 0) return
    const more = content.subarray(0, HEAD_BYTES - this.head.length)
    this.head = Buffer.concat([this.head, more])
  }

  /**
   * True when the answer starting at `startOffset` with `content` is to be dropped, given
   * `cursor`.
   */
  isStale(startOffset: string | undefined, cursor: string, content?: Buffer): boolean {
    const start = cursorValue(startOffset)
    const at = cursorValue(cursor)
    if (start === undefined || at === undefined || start >= at) this.behindInARow = 0
    if (start === undefined || at === undefined || start === at) return false
    const { listener } = this
    if (start > at) {
      listener.onDebug(
        `A log answer starts at ${startOffset}, ahead of the cursor ${cursor}; taking the server's word.`
      )
      return false
    }
    if (start === 0n && content && this.differsFromHead(content)) {
      this.behindInARow = 0
      this.head = Buffer.alloc(0)
      this.warn(
        `The build's log restarted: an answer began at offset ${startOffset} with other text than the log shown, behind offset ${cursor} already shown; following the new log from offset ${startOffset}.`
      )
      return false
    }
    if (++this.behindInARow < RESTART_AFTER_BEHIND_ANSWERS) {
      listener.onDebug(
        `Dropped a stale log answer: it starts at ${startOffset}, behind the cursor ${cursor}.`
      )
      return true
    }
    this.behindInARow = 0
    if (start === 0n) this.head = Buffer.alloc(0)
    this.warn(
      `The build's log restarted: ${RESTART_AFTER_BEHIND_ANSWERS} answers in a row began at offset ${startOffset}, behind offset ${cursor} already shown; following the new log from offset ${startOffset}, so lines may repeat below.`
    )
    return false
  }

  private differsFromHead(content: Buffer): boolean {
    const length = Math.min(content.length, this.head.length)
    return length > 0 && content.compare(this.head, 0, length, 0, length) !== 0
  }

  /** Says the restart: the old log's last line is ended first, then the warning. */
  private warn(message: string): void {
    const { listener } = this
    listener.onLogRestart?.()
    warnThrough(listener, message)
  }
}
