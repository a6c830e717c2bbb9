import { ActionResult, classifyBuildResult, finalBuildWord } from '../build-log/build-result.js'

/**
 * When a follow ends, in one place: pure decisions over what the follower knows once a read
 * found the log caught up. The follower gathers the facts and carries the decision out.
 */

/** What is known when a read found the log caught up. */
export interface CaughtUpFacts {
  /** The word of the log's `Finished:` line, if one has been seen. */
  readonly finishedLine: string | undefined
  /**
   * Whether the last line reads `Finished: <word>` even if the word is unknown or still
   * growing: only a status answer can settle it then.
   */
  readonly lastLineLooksFinished: boolean
  /** The status call's end answer, when it came before the read that found the log caught up. */
  readonly endedBeforeRead:
    { readonly serverResult: string; readonly observedAt: number } | undefined
  /** The status call's word for the end, whenever it came. */
  readonly statusWord: string | undefined
  readonly nowMs: number
  /** How long an ended build's log may lack its `Finished:` line. */
  readonly settleMs: number
  /** The status call cannot gainsay the `Finished:` line (unavailable, failing, or too slow). */
  readonly finishedLineMayDecide: boolean
  readonly statusAvailable: boolean
  readonly statusDue: boolean
  /** The read brought content: the log says more than a status call would, and cheaper. */
  readonly logGrew?: boolean
}

/** What to do next. */
export type EndDecision =
  | {
      readonly end: true
      /** The status call's word to end with (the log's `Finished:` word is read separately). */
      readonly statusWord: string | undefined
      /** A line for the user about how it ended, if any. */
      readonly note?: string
    }
  | {
      readonly end: false
      /** Ask the status call now (`atOnce`: even before its interval). */
      readonly askStatus: boolean
      readonly atOnce: boolean
    }

const NO_FINISHED_LINE_NOTE =
  'The build is over but its log has no "Finished:" line; ending with the log received so far.'

/**
 * The end rule. The build is over when the log is caught up and either the status call said so
 * before the read (and the log shows its `Finished:` line, or has had `settleMs` to show it), or
 * the log's `Finished:` line stands and the status call cannot confirm.
 */
export function decideAtCaughtUp(facts: CaughtUpFacts): EndDecision {
  const ended = facts.endedBeforeRead
  if (ended) {
    if (facts.finishedLine !== undefined) return { end: true, statusWord: ended.serverResult }
    if (facts.nowMs - ended.observedAt >= facts.settleMs) {
      return { end: true, statusWord: ended.serverResult, note: NO_FINISHED_LINE_NOTE }
    }
    return { end: false, askStatus: false, atOnce: false }
  }
  if (facts.finishedLine !== undefined && facts.finishedLineMayDecide) {
    return { end: true, statusWord: facts.statusWord }
  }
  if (!facts.statusAvailable) return { end: false, askStatus: false, atOnce: false }
  // A last line that reads `Finished: <word>` asks the status call at once, even when the word
  // is unknown or may still be growing: only that answer can end the follow then.
  const looksFinished = facts.finishedLine !== undefined || facts.lastLineLooksFinished
  const dueAndQuiet = facts.statusDue && !facts.logGrew
  return { end: false, askStatus: looksFinished || dueAndQuiet, atOnce: looksFinished }
}

/** How a build that is over ended, from the status call's word and the log's. */
export interface FinalResult {
  readonly result: Exclude<ActionResult, 'timeout' | 'cancelled'>
  readonly word: string
  readonly resultSource: 'status' | 'log'
  /** Said when the two words differ. */
  readonly disagreement?: string
  /**
   * Set when one word says success and the other does not: the step fails on it, since a
   * deployment gate must not open on a contradiction. Said to the user as it is.
   */
  readonly contradiction?: string
}

/** The result of a build that is over, from the status call's word and the log's `Finished:` word. */
export function finalResult(
  statusWord: string | undefined,
  logWord: string | undefined
): FinalResult {
  const { word, fromStatus } = finalBuildWord(statusWord, logWord)
  const differ = !!statusWord && !!logWord && statusWord.toUpperCase() !== logWord.toUpperCase()
  if (
    differ &&
    (classifyBuildResult(statusWord) === 'success') !== (classifyBuildResult(logWord) === 'success')
  ) {
    const failing = classifyBuildResult(statusWord) === 'success' ? logWord : statusWord
    return {
      result: 'failure',
      word: failing,
      resultSource: failing === statusWord ? 'status' : 'log',
      contradiction: `the build status says ${statusWord} but its log says "Finished: ${logWord}"; a contradiction fails the step`
    }
  }
  return {
    result: classifyBuildResult(word),
    word,
    resultSource: fromStatus ? 'status' : 'log',
    disagreement: differ
      ? `The status says ${statusWord} and the log says "Finished: ${logWord}"; taking ${word}.`
      : undefined
  }
}
