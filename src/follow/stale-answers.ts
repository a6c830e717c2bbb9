import type { FollowListener } from './follow-types.js'

/** Answers in a row that began behind the cursor and mean the log restarted, not a lag. */
export const RESTART_AFTER_BEHIND_ANSWERS = 4

/** BigInt of a digit-string cursor; undefined for a cursor that is not one (opaque). */
function cursorValue(cursor: string | undefined): bigint | undefined {
  return cursor !== undefined && /^\d+$/.test(cursor) ? BigInt(cursor) : undefined
}

/**
 * Judges where each log answer starts against the cursor. An answer that starts behind it (a
 * lagging replica, a retried request answered late) repeats what was taken: it is dropped
 * whole. Several such answers in a row mean the log restarted under the same build number:
 * said once as a warning naming both offsets, and the new log is followed from where the
 * answers now begin. One that starts ahead is the server's word and is taken.
 */
export class StaleAnswers {
  private behindInARow = 0

  constructor(private readonly listener: FollowListener) {}

  /** True when the answer starting at `startOffset` is to be dropped, given `cursor`. */
  isStale(startOffset: string | undefined, cursor: string): boolean {
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
    if (++this.behindInARow < RESTART_AFTER_BEHIND_ANSWERS) {
      listener.onDebug(
        `Dropped a stale log answer: it starts at ${startOffset}, behind the cursor ${cursor}.`
      )
      return true
    }
    this.behindInARow = 0
    const warn = listener.onWarning?.bind(listener) ?? listener.onStatus.bind(listener)
    warn(
      `The build's log restarted: ${RESTART_AFTER_BEHIND_ANSWERS} answers in a row began at offset ${startOffset}, behind offset ${cursor} already shown; following the new log from offset ${startOffset}, so lines may repeat below.`
    )
    return false
  }
}
