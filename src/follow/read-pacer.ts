import { cursorValue, type LogChunk } from '../codearts/answers.js'
/**
 * Share of the length asked that an answer must carry to count as full. Not all of it: a
 * server may end an answer early at a character or line boundary. Measured in content bytes
 * (or in cursor units, see `AnswerSeen.cursorMoved`), never in characters, because the unit
 * of `length` is undocumented: UTF-8 bytes are at least as many as characters, so a full
 * answer reaches this share whether the server counts `length` in bytes or in characters,
 * while the short answer of a running build (a few new lines) stays far below it.
 */
export const FULL_ANSWER_SHARE = 0.75

/**
 * Empty answers after one with content that still come at the live pace: none. Silence is
 * cheap from its start: once a read finds no new content, the next comes a whole poll
 * interval later (a fleet of followers shares one API quota). The read right after new lines
 * still comes half an interval later, so the end of a build that follows its last lines
 * closely is seen at the live pace.
 */
export const LIVE_PACE_EMPTY_READS = 0

/**
 * The smallest answer size taken for a server's own cap. A server may end every answer below
 * the length asked (a gateway's body limit, say) while saying more data waits; once an answer
 * at least this large was seen, one nearly as large counts as full too, so a burst of log is
 * read on at once instead of one capped answer per half interval. Far above the few lines a
 * running build writes between two reads, so those never count as full.
 */
export const SMALLEST_SERVER_CAP = 32 * 1024

/** What a log answer says about the log, as far as pacing goes; known before it is shown. */
export interface AnswerSeen {
  readonly hasContent: boolean
  readonly hasMoreData: boolean
  /**
   * How far the answer moved the cursor, in the server's unit (the unit of `length`, as far
   * as the API tells); undefined when the cursors are not numbers.
   */
  readonly cursorMoved: number | undefined
  /** The length the read asked for (it adapts to the link: see read-length.ts). */
  readonly askedLength: number
  /** The status call has said that the build is over. */
  readonly buildOver: boolean
}

/**
 * When the next log read goes out. Reads are spent evenly, because with new lines written at
 * moments nobody can predict the median wait for a line is half the time between two reads:
 * - a full answer (most of what was asked, or of the server's own cap once one was seen), or
 *   one the server says more follows right now, is read on at once (the next read goes out
 *   before the answer is shown), so a finished or fast log streams;
 * - after a short answer (new lines, less than asked) the next read comes after half a poll
 *   interval: the build is writing, and an immediate read would mostly come back empty;
 * - after an empty answer, one read per poll interval (`LIVE_PACE_EMPTY_READS`), so silence
 *   costs one read per interval from its start (the shared pace stretches it further after a
 *   minute of silence, and slows everything under throttling: see pace.ts);
 * - once the log shows its `Finished:` line nothing more is written: one read per interval,
 *   and the status call's answer that the build is over ends the pause early.
 *
 * `has_more_data` counts as the server's word that more is waiting only until a read sent at
 * once on that word comes back empty while the build runs, or an empty answer says it before
 * the log has shown anything: the CodeArts API says true for as long as a build runs, and such
 * a server's word says nothing. Once the build is over, the word means what it says again.
 */
export class ReadPacer {
  private emptyReadsInARow = Infinity
  private lastHadContent = false
  private lastHadMore = false
  private moreWordTrusted = true
  private readOnWord = false
  private contentSeen = false
  /** The largest answer seen, in the unit it was measured in (see isFull). */
  private largestAnswer = 0

  constructor(private readonly pollIntervalMs: number) {}

  /** Before an answer is shown: whether the next read goes out at once. */
  readsAtOnce(answer: AnswerSeen): boolean {
    const sentOnWord = this.readOnWord
    this.readOnWord = false
    this.lastHadContent = answer.hasContent
    this.lastHadMore = answer.hasMoreData
    if (!answer.hasContent) {
      // While the build runs, a read sent on the word that finds nothing shows what the word is
      // worth; so does an empty answer that says more waits before the log has shown anything
      // (a build still starting), and then no read has to be spent finding out.
      const wordSaidNothing = sentOnWord || (answer.hasMoreData && !this.contentSeen)
      if (wordSaidNothing && !answer.buildOver) this.moreWordTrusted = false
      this.emptyReadsInARow++
      return false
    }
    this.emptyReadsInARow = 0
    this.contentSeen = true
    if (!answer.hasMoreData) return false
    if (answer.cursorMoved !== undefined && this.isFull(answer.cursorMoved, answer.askedLength)) {
      return true
    }
    if (answer.buildOver) return true
    this.readOnWord = this.moreWordTrusted
    return this.moreWordTrusted
  }

  /**
   * After an answer that was not read on at once has been shown: whether its content, in
   * bytes, made it full after all (a server whose cursor counts characters while `length`
   * counts bytes, or whose cursors are not numbers), so the next read goes out now.
   */
  fullByContent(contentBytes: number, askedLength: number): boolean {
    return this.lastHadContent && this.lastHadMore && this.isFull(contentBytes, askedLength)
  }

  /** How long to wait before the next read, after an answer not read on at once. */
  pauseMs(logFinished: boolean): number {
    if (logFinished) return this.pollIntervalMs
    return this.emptyReadsInARow <= LIVE_PACE_EMPTY_READS
      ? this.pollIntervalMs / 2
      : this.pollIntervalMs
  }

  /**
   * Whether an answer of `size` is full: most of what was asked, or most of the largest answer
   * seen when that one was large enough to be the server's cap (SMALLEST_SERVER_CAP).
   */
  private isFull(size: number, askedLength: number): boolean {
    this.largestAnswer = Math.max(this.largestAnswer, size)
    const cap =
      this.largestAnswer >= SMALLEST_SERVER_CAP
        ? Math.min(askedLength, this.largestAnswer)
        : askedLength
    return size >= cap * FULL_ANSWER_SHARE
  }
}

/** What an answer to a read from `offset` says for pacing. */
export function answerSeen(
  offset: string,
  chunk: LogChunk,
  askedLength: number,
  buildOver: boolean
): AnswerSeen {
  const from = cursorValue(chunk.startOffset ?? offset)
  const to = cursorValue(chunk.nextOffset)
  return {
    hasContent: chunk.content.length > 0,
    hasMoreData: chunk.hasMoreData,
    cursorMoved: from !== undefined && to !== undefined ? Number(to - from) : undefined,
    askedLength,
    buildOver
  }
}
