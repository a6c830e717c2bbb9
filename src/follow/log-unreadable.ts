import { describeAnswer } from '../codearts/errors.js'
import { formatDuration } from '../text/duration.js'
import { type FollowListener, warnThrough } from './follow-types.js'
import { LogUnreadable, PARTIAL_LOG_GIVE_UP_MS } from './log-reader.js'

/**
 * Says how a follow ends on a log that cannot be read, the build being over (`word`): one that
 * never answered is a plain line; one read in part is a warning with the bytes the log file
 * holds. Returns the note the result carries then (the summary says the log is incomplete).
 */
export function sayLogUnreadable(
  listener: FollowListener,
  word: string,
  { cause, bytesRead }: LogUnreadable
): string | undefined {
  const why = describeAnswer(cause) || cause.message
  if (bytesRead === 0) {
    listener.onStatus(
      `The build is over (${word}) but its log cannot be read (${why}); ending without it.`
    )
    return undefined
  }
  warnThrough(
    listener,
    `The build is over (${word}) but its log has failed to answer for ${formatDuration(PARTIAL_LOG_GIVE_UP_MS)} in a row (${why}); ending with the ${bytesRead} bytes read, which the log file holds: the log is incomplete.`
  )
  return `the log is incomplete: ${bytesRead} bytes were read before it stopped answering`
}
